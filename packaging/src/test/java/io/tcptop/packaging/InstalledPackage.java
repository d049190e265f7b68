package io.tcptop.packaging;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a class of tests that uses the installed package and edits the recorder's configuration:
 * skips unless package tests are asked for, installs the package once for the run, and puts the
 * configuration the package shipped back after the class (if the package is still there).
 */
final class InstalledPackage implements BeforeAllCallback, AfterAllCallback {
  private static String shipped;

  /** The recorder's configuration as the package installed it. */
  static String shippedConfig() {
    return shipped;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Host.requirePackageTests();
    Host.ensureInstalled();
    if (shipped == null) {
      shipped = Files.readString(Recorder.CONFIG);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (shipped != null && Files.isDirectory(Recorder.CONFIG.getParent())) {
      Files.writeString(Recorder.CONFIG, shipped);
    }
  }
}
