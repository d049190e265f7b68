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
import java.util.List;
import java.util.Map;

/**
 * The sockets that exist when recording starts, from /proc/net/{tcp,tcp6,udp,udp6}, with the
 * process that holds each (found through /proc/PID/fd). They become SEED records.
 */
final class ProcSockets {
  private ProcSockets() {}

  /** One socket from /proc/net, joined with its owner (pid 0 and comm "" when none was found). */
  public record Socket(Proto proto, int family, String localAddr, int localPort, String remoteAddr,
                       int remotePort, TcpState state, long inode, int pid, String comm) {}

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
    List<Socket> out = new ArrayList<>();
    read(proc.resolve("net/tcp"), Proto.TCP, 4, owners, proc, out);
    read(proc.resolve("net/tcp6"), Proto.TCP, 6, owners, proc, out);
    read(proc.resolve("net/udp"), Proto.UDP, 4, owners, proc, out);
    read(proc.resolve("net/udp6"), Proto.UDP, 6, owners, proc, out);
    return new Scan(out, denied[0]);
  }

  private static void read(Path file, Proto proto, int family, Map<Long, Integer> owners, Path proc, List<Socket> out) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return; // no IPv6 on this machine, or no such table: nothing to seed from it
    }
    Map<Integer, String> comms = new HashMap<>();
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
      TcpState state = proto == Proto.TCP ? TcpState.ofKernel(Integer.parseInt(f[3], 16)) : TcpState.NONE;
      out.add(new Socket(proto, family, address(local[0], family), Integer.parseInt(local[1], 16),
          address(remote[0], family), Integer.parseInt(remote[1], 16), state, inode, pid, comm));
    }
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

  /** inode → pid, from every /proc/PID/fd/* link of the form socket:[inode]; counts the processes we may not look into. */
  private static Map<Long, Integer> socketOwners(Path proc, int[] denied) {
    Map<Long, Integer> owners = new HashMap<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path pidDir : pids) {
        int pid = Integer.parseInt(pidDir.getFileName().toString());
        boolean unreadable = false;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
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
    } catch (IOException ignored) {
      // no /proc: nothing to seed
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
}
