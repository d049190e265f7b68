package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.OwnerFilter;
import io.tcptop.cli.FilterOptions;
import picocli.CommandLine.Option;

/**
 * --cgroup, --container and --netns for the analyze commands: the views show only the flows they
 * keep (and their records), with the meaning replay gives them.
 */
final class OwnerFilterOptions {

  @Option(names = "--cgroup", paramLabel = "PATH", converter = FilterOptions.CgroupPath.class,
      description = "Only connections owned from this cgroup (v2) or below it, by its path: /system.slice, "
          + "/system.slice/nginx.service, /kubepods.slice.")
  String cgroup;

  @Option(names = "--container", paramLabel = "ID-PREFIX", converter = FilterOptions.ContainerPrefix.class,
      description = "Only connections owned from containers whose id starts with ID-PREFIX.")
  String container;

  @Option(names = "--netns", paramLabel = "INODE", converter = FilterOptions.Netns.class,
      description = "Only connections of sockets in this network namespace (its inode).")
  Long netns;

  OwnerFilter filter() {
    return new OwnerFilter(cgroup, container, netns);
  }
}
