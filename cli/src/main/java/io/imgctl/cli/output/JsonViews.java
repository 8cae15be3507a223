package io.imgctl.cli.output;

import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.Kept;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.Refusal;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.store.DiskUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents of SPEC section 2, as ordered maps: camelCase names, ISO-8601 UTC times,
 * sizes in bytes, references in their familiar form ({@code alpine:3.13}).
 */
public final class JsonViews {

    private JsonViews() {
    }

    /** {@code images --format json}: one object per image. */
    public static Map<String, Object> image(ImageSummary summary) {
        Image image = summary.image();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", image.id().toString());
        m.put("tags", familiar(image.tags()));
        m.put("digests", familiar(image.digests()));
        m.put("created", time(image.created()));
        m.put("size", image.size());
        m.put("containers", summary.containers());
        return m;
    }

    /** {@code inspect}: everything imgctl knows about one image. */
    public static Map<String, Object> inspect(Image image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", image.id().toString());
        m.put("tags", familiar(image.tags()));
        m.put("digests", familiar(image.digests()));
        m.put("created", time(image.created()));
        m.put("size", image.size());
        m.put("parent", image.parent().map(Object::toString).orElse(null));
        m.put("author", image.author());
        m.put("comment", image.comment());
        m.put("config", config(image.config()));
        m.put("layers", image.layers().stream().map(JsonViews::layer).toList());
        return m;
    }

    private static Map<String, Object> config(ImageConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cmd", c.cmd());
        m.put("entrypoint", c.entrypoint());
        m.put("env", c.env());
        m.put("workingDir", c.workingDir());
        m.put("user", c.user());
        m.put("labels", new java.util.TreeMap<>(c.labels()));
        m.put("architecture", c.architecture());
        m.put("os", c.os());
        return m;
    }

    private static Map<String, Object> layer(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("diffId", layer.diffId().toString());
        m.put("size", layer.size());
        m.put("createdBy", layer.createdBy());
        m.put("created", layer.created().map(JsonViews::time).orElse(null));
        m.put("comment", layer.comment());
        return m;
    }

    /** {@code ps --format json}; {@code image} is what the IMAGE column shows (the image ID once the reference is gone). */
    public static Map<String, Object> container(Container c, String image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("image", image);
        m.put("imageId", c.imageId().toString());
        m.put("command", c.command());
        m.put("state", c.state().wireName());
        m.put("exitCode", c.exitCode());
        m.put("created", time(c.created()));
        m.put("started", c.started().map(JsonViews::time).orElse(null));
        m.put("finished", c.finished().map(JsonViews::time).orElse(null));
        return m;
    }

    /**
     * {@code inspect CONTAINER}: the container as {@code ps --format json} shows it, plus {@code sizeRw},
     * the bytes in its writable layer (0 when the engine does not say).
     */
    public static Map<String, Object> inspectContainer(Container c) {
        Map<String, Object> m = container(c, c.image());
        m.put("sizeRw", c.sizeRw());
        return m;
    }

    /** {@code history}/{@code layers --format json}: one object per layer, newest first. */
    public static Map<String, Object> layer(LayerView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("diffId", view.layer().diffId().toString());
        m.put("size", view.layer().size());
        m.put("createdBy", view.layer().createdBy());
        m.put("created", view.layer().created().map(JsonViews::time).orElse(null));
        m.put("comment", view.layer().comment());
        m.put("sharedWith", view.sharedWith());
        return m;
    }

    /** {@code df --format json}. */
    public static Map<String, Object> diskUsage(DiskUsage usage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", usage.images().stream().map(JsonViews::imageUsage).toList());
        m.put("layers", usage.layers());
        m.put("totalSize", usage.totalSize());
        m.put("reclaimableBytes", usage.reclaimableBytes());
        m.put("containers", usage.containers());
        m.put("containersSize", usage.containersSize());
        return m;
    }

    private static Map<String, Object> imageUsage(DiskUsage.ImageUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id().toString());
        m.put("tags", familiar(u.tags()));
        m.put("size", u.size());
        m.put("sharedSize", u.sharedSize());
        m.put("uniqueSize", u.uniqueSize());
        m.put("containers", u.containers());
        return m;
    }

    /** {@code rmi --format json} (and later {@code prune}): the plan and what became of it. */
    public static Map<String, Object> removal(RemovalReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dryRun", report.dryRun());
        m.put("actions", report.plan().actions().stream().map(JsonViews::action).toList());
        m.put("kept", report.plan().kept().stream().map(JsonViews::kept).toList());
        m.put("refusals", report.plan().refusals().stream().map(JsonViews::refusal).toList());
        m.put("reclaimedBytes", report.plan().reclaimedBytes());
        m.put("outcomes", report.outcomes().stream().map(JsonViews::outcome).toList());
        return m;
    }

    private static Map<String, Object> action(RemovalAction a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind());
        m.put("target", a.target());
        m.put("reason", a.reason());
        m.put("bytes", a.bytes());
        return m;
    }

    private static Map<String, Object> kept(Kept k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", k.target());
        m.put("reason", k.reason());
        return m;
    }

    private static Map<String, Object> refusal(Refusal r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target());
        m.put("kind", r.kind().name().toLowerCase(Locale.ROOT).replace("_", ""));
        m.put("message", r.message());
        return m;
    }

    private static Map<String, Object> outcome(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", o.action().kind());
        m.put("target", o.action().target());
        m.put("result", o.result());
        m.put("detail", o.detail());
        return m;
    }

    /** {@code ref --format json}: SPEC section 3. */
    public static Map<String, Object> reference(ImageReference ref) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", ref.domain());
        m.put("path", ref.path());
        m.put("name", ref.name());
        m.put("tag", ref.tag().orElse(null));
        m.put("digest", ref.digest().map(Object::toString).orElse(null));
        m.put("normalized", ref.normalized());
        m.put("canonical", ref.canonical().normalized());
        m.put("familiar", ref.familiar());
        return m;
    }

    private static List<String> familiar(List<ImageReference> refs) {
        return refs.stream().map(ImageReference::familiar).toList();
    }

    /** ISO-8601 in UTC, e.g. {@code 2021-04-14T19:19:39Z}. */
    public static String time(Instant instant) {
        return instant.toString();
    }
}
