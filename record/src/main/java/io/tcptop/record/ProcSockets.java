package io.tcptop.record;

import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;
import io.tcptop.util.Addresses;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets that exist when recording starts, in every network namespace (not only the
 * recorder's): /proc/PID/net/{tcp,tcp6,udp,udp6} of one process per namespace, each socket joined
 * with the process that holds it (found through /proc/PID/fd; socket inodes are unique across
 * namespaces) and that process's cgroup. They become SEED candidates.
 */
final class ProcSockets {
  private ProcSockets() {}

  /**
   * One socket from /proc/PID/net, joined with its owner (pid 0, comm "" and cgroup "" when none
   * was found).
   *
   * @param netns the network namespace it was listed in (inode number)
   * @param cgroup the owner's cgroup v2 path ("" when unknown)
   */
  public record Socket(Proto proto, int family, String localAddr, int localPort, String remoteAddr,
                       int remotePort, TcpState state, long inode, int pid, String comm, long netns, String cgroup) {}

  /**
   * The sockets, and how many processes' descriptors could not be read: another user's
   * /proc/PID/fd needs CAP_DAC_READ_SEARCH (to list it) and CAP_SYS_PTRACE (to read its links).
   */
  public record Scan(List<Socket> sockets, int unreadableProcesses) {}

  public static List<Socket> scan(Path proc) {
    return scanAll(proc).sockets();
  }

  public static Scan scanAll(Path proc) {
    int[] denied = new int[1];
    Map<Long, Integer> owners = socketOwners(proc, denied);
    if (mayReadOthersDescriptors(proc)) {
      denied[0] = 0; // what was refused anyway was a process exiting as we looked, not a limit
    }
    Map<Integer, String> comms = new HashMap<>();
    Map<Integer, String> cgroups = new HashMap<>();
    List<Socket> out = new ArrayList<>();
    for (Map.Entry<Long, List<Integer>> ns : namespaces(proc).entrySet()) {
      // Any process of the namespace shows its sockets; one that exits while we look hands over to the next.
      for (int pid : ns.getValue()) {
        Path net = proc.resolve(pid + "/net");
        List<Socket> found = new ArrayList<>();
        boolean read = read(net.resolve("tcp"), Proto.TCP, 4, ns.getKey(), owners, comms, cgroups, proc, found);
        if (!read) {
          continue;
        }
        read(net.resolve("tcp6"), Proto.TCP, 6, ns.getKey(), owners, comms, cgroups, proc, found);
        read(net.resolve("udp"), Proto.UDP, 4, ns.getKey(), owners, comms, cgroups, proc, found);
        read(net.resolve("udp6"), Proto.UDP, 6, ns.getKey(), owners, comms, cgroups, proc, found);
        out.addAll(found);
        break;
      }
    }
    return new Scan(out, denied[0]);
  }

  /** Network namespace inode → the processes in it, the recorder's own namespace first. */
  static Map<Long, List<Integer>> namespaces(Path proc) {
    Map<Long, List<Integer>> byNetns = new LinkedHashMap<>();
    long own = netnsOf(proc.resolve("self"));
    if (own > 0) {
      byNetns.put(own, new ArrayList<>(List.of((int) ProcessHandle.current().pid())));
    }
    for (int pid : pids(proc)) {
      long netns = netnsOf(proc.resolve(Integer.toString(pid)));
      if (netns > 0) {
        byNetns.computeIfAbsent(netns, n -> new ArrayList<>()).add(pid);
      }
    }
    return byNetns;
  }

  /** The inode /proc/PID/ns/net links to ({@code net:[4026531840]}); -1 when the process is gone. */
  static long netnsOf(Path pidDir) {
    try {
      String target = Files.readSymbolicLink(pidDir.resolve("ns/net")).toString();
      return Long.parseLong(target.substring(target.indexOf('[') + 1, target.length() - 1));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** @return false when the table could not be read (the process exited, or no IPv6) */
  private static boolean read(Path file, Proto proto, int family, long netns, Map<Long, Integer> owners,
                              Map<Integer, String> comms, Map<Integer, String> cgroups, Path proc, List<Socket> out) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return false;
    }
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      String[] local = f[1].split(":");
      String[] remote = f[2].split(":");
      long inode = Long.parseLong(f[9]);
      int pid = owners.getOrDefault(inode, 0);
      String comm = pid == 0 ? "" : comms.computeIfAbsent(pid, p -> comm(proc, p));
      String cgroup = pid == 0 ? "" : cgroups.computeIfAbsent(pid, p -> cgroup(proc, p));
      TcpState state = proto == Proto.TCP ? TcpState.ofKernel(Integer.parseInt(f[3], 16)) : TcpState.NONE;
      out.add(new Socket(proto, family, address(local[0], family), Integer.parseInt(local[1], 16),
          address(remote[0], family), Integer.parseInt(remote[1], 16), state, inode, pid, comm, netns, cgroup));
    }
    return true;
  }

  /** /proc/net prints each 32-bit word of the address in host (little-endian) order. */
  static String address(String hex, int family) {
    byte[] addr = new byte[16];
    int words = hex.length() / 8;
    for (int w = 0; w < words; w++) {
      long word = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
      for (int b = 0; b < 4; b++) {
        addr[w * 4 + b] = (byte) (word >>> (8 * b));
      }
    }
    return Addresses.format(addr, family);
  }

  private static List<Integer> pids(Path proc) {
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path dir : dirs) {
        pids.add(Integer.parseInt(dir.getFileName().toString()));
      }
    } catch (IOException ignored) {
      // no /proc: nothing to seed
    }
    pids.sort(null);
    return pids;
  }

  /** inode → pid, from every /proc/PID/fd/* link of the form socket:[inode]; counts the processes we may not look into. */
  private static Map<Long, Integer> socketOwners(Path proc, int[] denied) {
    Map<Long, Integer> owners = new HashMap<>();
    for (int pid : pids(proc)) {
      boolean unreadable = false;
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(pid + "/fd"))) {
        for (Path fd : fds) {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[")) {
              owners.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)), pid);
            }
          } catch (AccessDeniedException e) {
            unreadable = true;
          } catch (IOException | NumberFormatException ignored) {
            // the fd closed while we looked
          }
        }
      } catch (AccessDeniedException e) {
        unreadable = true;
      } catch (IOException ignored) {
        // the process exited
      }
      if (unreadable) {
        denied[0]++;
      }
    }
    return owners;
  }

  /** CAP_DAC_READ_SEARCH (bit 2) and CAP_SYS_PTRACE (bit 19) both effective, from /proc/self/status. */
  static boolean mayReadOthersDescriptors(Path proc) {
    try {
      for (String line : Files.readAllLines(proc.resolve("self/status"))) {
        if (line.startsWith("CapEff:")) {
          long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
          long needed = (1L << 2) | (1L << 19);
          return (caps & needed) == needed;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: assume not
    }
    return false;
  }

  private static String comm(Path proc, int pid) {
    try {
      return Files.readString(proc.resolve(pid + "/comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** The process's cgroup v2 path (the {@code 0::} line of /proc/PID/cgroup), "" when unknown. */
  private static String cgroup(Path proc, int pid) {
    try {
      for (String line : Files.readAllLines(proc.resolve(pid + "/cgroup"))) {
        if (line.startsWith("0::")) {
          return line.substring(3);
        }
      }
    } catch (IOException e) {
      // exited
    }
    return "";
  }
}
