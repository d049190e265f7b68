package io.tcptop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.event.Cgroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths as the runtimes and systemd make them on real hosts, and what each says. */
class CgroupPathsTest {
  static final String ID = "3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";
  static final String ID2 = "9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";
  static final String UID = "5e1c7d2a-8f3b-4c6d-9e0a-1b2c3d4e5f60";
  static final String UID_ = UID.replace('-', '_');

  record Case(String path, String runtime, String container, String pod, String qos, String unit) {}

  static final List<Case> CASES = List.of(
      // docker, systemd and cgroupfs drivers, and docker in docker
      new Case("/system.slice/docker-" + ID + ".scope", "docker", ID, "", "", ""),
      new Case("/docker/" + ID, "docker", ID, "", "", ""),
      new Case("/docker/" + ID + "/docker/" + ID2, "docker", ID2, "", "", ""),
      new Case("/system.slice/docker-" + ID + ".scope/system.slice/nginx.service", "docker", ID, "", "", ""),
      // containerd under Kubernetes, every QoS class, systemd driver
      new Case("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/cri-containerd-"
          + ID + ".scope", "containerd", ID, UID, "burstable", ""),
      new Case("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/cri-containerd-"
          + ID + ".scope", "containerd", ID, UID, "besteffort", ""),
      new Case("/kubepods.slice/kubepods-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope",
          "containerd", ID, UID, "guaranteed", ""),
      // a pod's own slice (no container: the pause process, or the pod's shared cgroup)
      new Case("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice",
          "kubernetes", "", UID, "burstable", ""),
      // CRI-O, its conmon monitor
      new Case("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/crio-" + ID
          + ".scope", "cri-o", ID, UID, "burstable", ""),
      new Case("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/crio-conmon-" + ID
          + ".scope", "kubernetes", "", UID, "burstable", "crio-conmon-" + ID + ".scope"),
      // Kubernetes with the cgroupfs driver: the runtime is not in the path
      new Case("/kubepods/burstable/pod" + UID + "/" + ID, "kubernetes", ID, UID, "burstable", ""),
      new Case("/kubepods/besteffort/pod" + UID + "/" + ID, "kubernetes", ID, UID, "besteffort", ""),
      new Case("/kubepods/pod" + UID + "/" + ID, "kubernetes", ID, UID, "guaranteed", ""),
      // a kind node (a docker container) running pods
      new Case("/system.slice/docker-" + ID2 + ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods"
          + "-besteffort.slice/kubelet-kubepods-besteffort-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope",
          "containerd", ID, UID, "besteffort", ""),
      // podman: systemd, rootless, cgroupfs; its conmon
      new Case("/machine.slice/libpod-" + ID + ".scope", "podman", ID, "", "", ""),
      new Case("/machine.slice/libpod-" + ID + ".scope/container", "podman", ID, "", "", ""),
      new Case("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope", "podman", ID, "",
          "", ""),
      new Case("/libpod_parent/libpod-" + ID, "podman", ID, "", "", ""),
      new Case("/machine.slice/libpod-conmon-" + ID + ".scope", "systemd", "", "", "", "libpod-conmon-" + ID + ".scope"),
      // lxc
      new Case("/lxc.payload.web01", "lxc", "web01", "", "", ""),
      new Case("/lxc/web01", "lxc", "web01", "", "", ""),
      // systemd services, sessions, user services, machines
      new Case("/system.slice/nginx.service", "systemd", "", "", "", "nginx.service"),
      new Case("/system.slice/system-getty.slice/getty@tty1.service", "systemd", "", "", "", "getty@tty1.service"),
      new Case("/user.slice/user-1000.slice/session-3.scope", "systemd", "", "", "", "session-3.scope"),
      new Case("/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-"
          + "1c2d.scope", "systemd", "", "", "", "vte-spawn-1c2d.scope"),
      new Case("/init.scope", "systemd", "", "", "", "init.scope"),
      new Case("/machine.slice/machine-db.scope", "systemd", "", "", "", "machine-db.scope"),
      // nothing to recognise
      new Case("/", "", "", "", "", ""),
      new Case("", "", "", "", "", ""),
      new Case("/system.slice", "", "", "", "", ""),
      new Case("/mygroup/jobs/42", "", "", "", "", ""),
      // look-alikes: a short id after docker/, a pod name outside kubepods, upper-case hex
      new Case("/docker/abc123", "", "", "", "", ""),
      new Case("/pod" + UID + "/" + ID, "", "", "", "", ""),
      new Case("/system.slice/docker-" + ID.toUpperCase() + ".scope", "systemd", "", "", "",
          "docker-" + ID.toUpperCase() + ".scope"));

  @Test
  void everyConventionGivesItsRuntimeContainerPodQosAndUnit() {
    for (Case c : CASES) {
      assertEquals(new CgroupPaths.Owner(c.runtime(), c.container(), c.pod(), c.qos(), c.unit()),
          CgroupPaths.parse(c.path()), c.path());
    }
  }

  @Test
  void aCgroupLabelIsTheContainerThenTheUnitThenThePath() {
    assertEquals("docker:3f2a1b9c0d1e", Cgroup.of(5, "/system.slice/docker-" + ID + ".scope").label());
    assertEquals("nginx.service", Cgroup.of(5, "/system.slice/nginx.service").label());
    assertEquals("/mygroup/jobs/42", Cgroup.of(5, "/mygroup/jobs/42").label());
    assertEquals("", Cgroup.unresolved(5).label());
  }

  @Test
  void withinMeansTheCgroupItselfOrBelowItNeverAPrefixOfAName() {
    Cgroup c = Cgroup.of(5, "/system.slice/docker-" + ID + ".scope");
    assertEquals(true, c.isWithin("/"));
    assertEquals(true, c.isWithin("/system.slice"));
    assertEquals(true, c.isWithin(c.path()));
    assertEquals(false, c.isWithin("/system"));
    assertEquals(false, c.isWithin("/user.slice"));
    assertEquals(false, Cgroup.unresolved(5).isWithin("/"));
  }
}
