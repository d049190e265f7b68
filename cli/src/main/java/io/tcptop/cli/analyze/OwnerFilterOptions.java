package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.OwnerFilter;
import io.tcptop.cli.FilterOptions;
import io.tcptop.cli.PlainSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * --cgroup, --container and --netns for the analyze commands: the views show only the flows they
 * keep (and their records), with the meaning replay gives them.
 */
final class OwnerFilterOptions {
  // The texts once, for the annotations and the hand-built mirror alike.
  private static final String CGROUP = "Only connections owned from this cgroup (v2) or below it, by its path: "
      + "/system.slice, /system.slice/nginx.service, /kubepods.slice.";
  private static final String CONTAINER = "Only connections owned from containers whose id starts with ID-PREFIX.";
  private static final String NETNS = "Only connections of sockets in this network namespace (its inode).";

  @Option(names = "--cgroup", paramLabel = "PATH", converter = FilterOptions.CgroupPath.class, description = CGROUP)
  String cgroup;

  @Option(names = "--container", paramLabel = "ID-PREFIX", converter = FilterOptions.ContainerPrefix.class,
      description = CONTAINER)
  String container;

  @Option(names = "--netns", paramLabel = "INODE", converter = FilterOptions.Netns.class, description = NETNS)
  Long netns;

  /** These options as the annotations above declare them, built by hand ({@link PlainSpec}). */
  static CommandSpec plainSpec(OwnerFilterOptions o) {
    CommandSpec s = PlainSpec.mixin();
    s.addOption(PlainSpec.option(OptionSpec.builder("--cgroup").paramLabel("PATH").type(String.class)
        .converters(new FilterOptions.CgroupPath()).description(CGROUP), PlainSpec.bind(() -> o.cgroup, v -> o.cgroup = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--container").paramLabel("ID-PREFIX").type(String.class)
        .converters(new FilterOptions.ContainerPrefix()).description(CONTAINER),
        PlainSpec.bind(() -> o.container, v -> o.container = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--netns").paramLabel("INODE").type(Long.class)
        .converters(new FilterOptions.Netns()).description(NETNS), PlainSpec.bind(() -> o.netns, v -> o.netns = v)));
    return s;
  }

  OwnerFilter filter() {
    return new OwnerFilter(cgroup, container, netns);
  }
}
