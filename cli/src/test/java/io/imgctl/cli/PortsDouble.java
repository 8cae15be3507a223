package io.imgctl.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.in.RemoveImagesUseCase;
import io.imgctl.application.port.in.RunCommand;
import io.imgctl.application.port.in.RunResult;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.store.DiskUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test double for the use cases (the in-ports): returns what a test put in it and records what the
 * commands asked for. It stands in for the application services until command tests can run against
 * the built-in engine; it has no removal logic of its own.
 */
final class PortsDouble implements ImageQueries, ImageCommands, ContainerCommands, RemoveImagesUseCase, DiskUsageQuery {

    final List<ImageSummary> images = new ArrayList<>();
    final Map<String, List<LayerView>> histories = new HashMap<>();
    final List<Container> containers = new ArrayList<>();
    final List<PullEvent> pullEvents = new ArrayList<>();
    PullResult pullResult;
    RunResult runResult;
    RemovalReport removalReport;
    DiskUsage diskUsage;
    RuntimeException failure;

    ListImagesQuery lastQuery;
    RemovalRequest lastRemoval;
    Boolean lastDryRun;
    List<String> lastRemovedContainers;
    Boolean lastForce;
    RunCommand lastRun;
    final List<String> calls = new ArrayList<>();

    Module module() {
        PortsDouble self = this;
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(ImageQueries.class).toInstance(self);
                bind(ImageCommands.class).toInstance(self);
                bind(ContainerCommands.class).toInstance(self);
                bind(RemoveImagesUseCase.class).toInstance(self);
                bind(DiskUsageQuery.class).toInstance(self);
            }
        };
    }

    private void maybeFail() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public List<ImageSummary> listImages(ListImagesQuery query) {
        maybeFail();
        lastQuery = query;
        calls.add("listImages");
        return images;
    }

    @Override
    public Map<ImageReference, ImageId> imagesNamed(Set<ImageReference> references) {
        maybeFail();
        calls.add("imagesNamed " + references.stream().map(ImageReference::toString).sorted().toList());
        return ContainerEngine.imagesNamedIn(images.stream().map(ImageSummary::image).toList(), references);
    }

    @Override
    public Image inspect(String referenceOrId) {
        maybeFail();
        calls.add("inspect " + referenceOrId);
        return find(referenceOrId).orElseThrow(() -> new NotFoundException("No such image: " + referenceOrId));
    }

    private Optional<Image> find(String referenceOrId) {
        for (ImageSummary s : images) {
            Image image = s.image();
            if (image.id().matchesPrefix(referenceOrId)) {
                return Optional.of(image);
            }
            try {
                if (image.hasTag(ImageReference.parse(referenceOrId).withDefaultTag())) {
                    return Optional.of(image);
                }
            } catch (IllegalArgumentException notAReference) {
                // an ID prefix that matched nothing
            }
        }
        return Optional.empty();
    }

    @Override
    public List<LayerView> history(String referenceOrId) {
        maybeFail();
        calls.add("history " + referenceOrId);
        List<LayerView> layers = histories.get(referenceOrId);
        if (layers == null) {
            throw new NotFoundException("No such image: " + referenceOrId);
        }
        return layers;
    }

    @Override
    public PullResult pull(String reference, PullListener listener) {
        maybeFail();
        calls.add("pull " + reference);
        ImageReference.parse(reference);
        pullEvents.forEach(listener::onEvent);
        return pullResult;
    }

    @Override
    public void tag(String source, String target) {
        maybeFail();
        calls.add("tag " + source + " " + target);
    }

    @Override
    public PushResult push(String reference, PullListener listener) {
        maybeFail();
        calls.add("push " + reference);
        pullEvents.forEach(listener::onEvent);
        ImageReference ref = ImageReference.parse(reference).withDefaultTag();
        return new PushResult(ref, TestData.digest('d'), 528);
    }

    @Override
    public ImageId commit(String container, String reference, java.util.Optional<String> message,
                          java.util.Optional<String> author, List<String> changes) {
        maybeFail();
        calls.add("commit " + container + " " + reference
                + message.map(m -> " message=" + m).orElse("") + author.map(a -> " author=" + a).orElse("")
                + changes.stream().map(c -> " change=" + c).collect(java.util.stream.Collectors.joining()));
        return TestData.imageId('c');
    }

    @Override
    public RunResult run(RunCommand command, PullListener listener) {
        maybeFail();
        lastRun = command;
        calls.add("run " + command.image());
        if (runResult.pulled().isPresent()) {
            pullEvents.forEach(listener::onEvent);
        }
        return runResult;
    }

    @Override
    public List<Container> listContainers(boolean all) {
        maybeFail();
        calls.add("listContainers all=" + all);
        return all ? containers : containers.stream().filter(Container::isRunning).toList();
    }

    @Override
    public Container inspectContainer(String nameOrId) {
        maybeFail();
        calls.add("inspectContainer " + nameOrId);
        return containers.stream().filter(c -> c.matches(nameOrId)).findFirst()
                .orElseThrow(() -> new io.imgctl.application.port.out.NotFoundException("No such container: " + nameOrId));
    }

    @Override
    public RemovalReport removeContainers(List<String> names, boolean force) {
        maybeFail();
        lastRemovedContainers = names;
        lastForce = force;
        return removalReport;
    }

    @Override
    public RemovalReport removeImages(RemovalRequest request, boolean dryRun) {
        maybeFail();
        lastRemoval = request;
        lastDryRun = dryRun;
        return removalReport;
    }

    @Override
    public DiskUsage diskUsage() {
        maybeFail();
        return diskUsage;
    }
}
