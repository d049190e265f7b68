package io.tcptop.journal;

import io.tcptop.error.TcptopException;

/**
 * Who may read a journal besides its owner: nobody (directory 0700, files 0600), or the members of
 * one group (directory 2750, files 0640). The directory's set-group-ID bit makes every file
 * Chronicle creates in it belong to that group from the start, never to the recorder's own group.
 */
record JournalAccess(String group, int gid) {

  static final JournalAccess OWNER_ONLY = new JournalAccess(null, -1);

  /** Resolves {@code group} (a name, or a number), or fails saying there is no such group. */
  static JournalAccess of(String group) {
    if (group == null) {
      return OWNER_ONLY;
    }
    int gid = Posix.groupId(group);
    if (gid < 0 && group.matches("\\d{1,9}")) {
      gid = Integer.parseInt(group);
    }
    if (gid < 0) {
      throw new TcptopException("no group named " + group + " on this host: create it (groupadd " + group
          + ") or name an existing group");
    }
    return new JournalAccess(group, gid);
  }

  boolean shared() {
    return group != null;
  }

  int directoryMode() {
    return shared() ? 02750 : 0700;
  }

  int fileMode() {
    return shared() ? 0640 : 0600;
  }

  /** The umask that gives every file created in the directory {@link #fileMode()} or less. */
  int creationMask() {
    return shared() ? 027 : 077;
  }
}
