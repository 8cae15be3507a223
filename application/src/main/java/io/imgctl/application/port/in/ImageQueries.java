package io.imgctl.application.port.in;

import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code images}, {@code inspect}, {@code history}/{@code layers}. */
public interface ImageQueries {

    /** Images newest first, filtered as the query says; each with the count of containers using it. */
    List<ImageSummary> listImages(ListImagesQuery query);

    /**
     * The image each of {@code references} names now (tags and digests matched exactly; references that
     * name nothing are absent): what {@code ps} needs to show whether a container's reference still names
     * its image, without listing every image.
     */
    Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references);

    /** One image in full. Throws {@code NotFoundException} when there is no such image. */
    Image inspect(String referenceOrId);

    /** The layers of an image, newest first, each with the other local images that share it. */
    List<LayerView> history(String referenceOrId);
}
