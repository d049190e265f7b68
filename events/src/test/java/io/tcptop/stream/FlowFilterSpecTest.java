package io.tcptop.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import org.junit.jupiter.api.Test;

/** The owner parts of a flow filter: a cgroup and what lies below it, a container id prefix, a namespace. */
class FlowFilterSpecTest {
  static final String ID = "3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";
  static final Flow DOCKER = flow(Cgroup.of(5, "/system.slice/docker-" + ID + ".scope/init"), 4026532301L);
  static final Flow NGINX = flow(Cgroup.of(6, "/system.slice/nginx.service"), 4026531840L);
  static final Flow GONE = flow(Cgroup.unresolved(7), 4026531840L);
  static final Flow OLD = new Flow(1, 1, 1, Proto.TCP, 4, "10.0.0.1", 1, "10.0.0.2", 2, 3, "x");

  static Flow flow(Cgroup c, long netns) {
    return new Flow(1, 1, 1, Proto.TCP, 4, "10.0.0.1", 1, "10.0.0.2", 2, 3, "x", c, netns);
  }

  static FlowFilter.Spec owner(String cgroup, String container, Long netns) {
    return new FlowFilter.Spec(null, null, null, null, null, cgroup, container, netns);
  }

  @Test
  void aCgroupKeepsItselfAndWhatLiesBelowIt() {
    FlowFilter.Spec slice = owner("/system.slice", null, null);
    assertTrue(slice.matches(DOCKER), "a container's sub-cgroup below the slice");
    assertTrue(slice.matches(NGINX));
    assertFalse(owner("/system", null, null).matches(NGINX), "a prefix of a name is not a parent");
    assertTrue(owner("/", null, null).matches(NGINX), "the root holds every known cgroup");
    assertFalse(owner("/", null, null).matches(GONE), "a cgroup without a path is in none");
    assertFalse(owner("/", null, null).matches(OLD), "a journal before owners knows no cgroup");
  }

  @Test
  void aContainerPrefixMatchesItsIdsOnlyAndANamespaceItsSockets() {
    assertTrue(owner(null, "3f2a", null).matches(DOCKER));
    assertTrue(owner(null, ID, null).matches(DOCKER));
    assertFalse(owner(null, "3f2b", null).matches(DOCKER));
    assertFalse(owner(null, "", null).matches(NGINX), "no container: no match, even for an empty prefix");
    assertTrue(owner(null, null, 4026532301L).matches(DOCKER));
    assertFalse(owner(null, null, 4026532301L).matches(NGINX));
    assertFalse(owner("/system.slice", "3f2a", 4026531840L).matches(DOCKER), "the parts are all required");
  }

  @Test
  void theHeaderSaysTheOwnerFiltersAsTheyWereTyped() {
    FlowFilter.Spec all = new FlowFilter.Spec(80, null, null, Proto.TCP, null, "/kubepods.slice", "9b1c", 4026532302L);
    assertEquals("--pid 80 --tcp --cgroup /kubepods.slice --container 9b1c --netns 4026532302", all.describe());
    assertFalse(all.isAll());
    assertEquals("--pid 80 --tcp --netns 4026532302", all.withoutCgroupAndContainer().describe());
  }
}
