package com.customerkpis.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with file modes set and links checked in the JVM: without Hadoop's
 * native library (never shipped in Spark's jars), it starts a {@code chmod} process for every
 * file and directory it creates and a {@code readlink} process for every Delta log rename,
 * about 4,300 processes in a 3,000-customer run (docs/performance.md, seventh round).
 * Same modes, same files; used for {@code file:} paths when the master is local
 * ({@link SparkSessions}).
 */
public final class InProcessLocalFileSystem extends LocalFileSystem {

  /** The Hadoop setting that names the {@code file:} scheme's FileSystem class. */
  public static final String FS_KEY = "fs.file.impl";
  /** The Hadoop setting that names the {@code file:} scheme's FileContext class. */
  public static final String ABSTRACT_FS_KEY = "fs.AbstractFileSystem.file.impl";

  public InProcessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) local file system behind both the FileSystem and FileContext. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> modes = posix(permission);
      if (modes == null) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), modes);
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // not a POSIX file system
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      // Only a real symbolic link needs Hadoop's own handling (a readlink process); any other
      // path's status is its plain status, which is what Hadoop returns for it too.
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }
  }

  /**
   * The POSIX modes of a permission, or null when it has bits that NIO cannot set (sticky,
   * setuid, setgid), which are left to Hadoop.
   */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    int bits = permission.toShort();
    if ((bits & ~0777) != 0) {
      return null;
    }
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE};
    for (int i = 0; i < order.length; i++) {
      if ((bits & (0400 >> i)) != 0) {
        out.add(order[i]);
      }
    }
    return out;
  }

  /** FileContext's local file system (Delta's log store renames through it), checksummed. */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** FileContext's raw local file system over {@link Raw}, as Hadoop's own RawLocalFs. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
