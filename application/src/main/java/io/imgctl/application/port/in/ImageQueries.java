package io.imgctl.application.port.in;

import io.imgctl.domain.image.Image;
import java.util.List;

/** {@code images}, {@code inspect}, {@code history}/{@code layers}. */
public interface ImageQueries {

    /** Images newest first, filtered as the query says; each with the count of containers using it. */
    List<ImageSummary> listImages(ListImagesQuery query);

    /** One image in full. Throws {@code NotFoundException} when there is no such image. */
    Image inspect(String referenceOrId);

    /** The layers of an image, newest first, each with the other local images that share it. */
    List<LayerView> history(String referenceOrId);
}
