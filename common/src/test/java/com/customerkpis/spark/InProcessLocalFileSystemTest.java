package com.customerkpis.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  private static Configuration conf() {
    // The session's own Hadoop settings: SparkSessions installs the file system in local mode.
    return SharedSpark.get().sessionState().newHadoopConf();
  }

  private String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aLocalSessionUsesItForFileAndFileContextPaths() throws Exception {
    Configuration conf = conf();
    assertInstanceOf(InProcessLocalFileSystem.class,
        FileSystem.newInstance(dir.toUri(), conf));
    assertEquals(InProcessLocalFileSystem.Fs.class.getName(),
        conf.get(InProcessLocalFileSystem.ABSTRACT_FS_KEY));
  }

  @Test
  void modesMapBitForBitAndSpecialBitsAreLeftToHadoop() {
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
        InProcessLocalFileSystem.posix(new FsPermission((short) 0755))));
    assertEquals("rw-r-----", PosixFilePermissions.toString(
        InProcessLocalFileSystem.posix(new FsPermission((short) 0640))));
    assertEquals("-------wx", PosixFilePermissions.toString(
        InProcessLocalFileSystem.posix(new FsPermission((short) 03))));
    assertTrue(InProcessLocalFileSystem.posix(new FsPermission((short) 0)).isEmpty());
    assertNull(InProcessLocalFileSystem.posix(new FsPermission((short) 01777)));
  }

  @Test
  void filesAndDirectoriesGetTheModesHadoopWouldGiveThem() throws Exception {
    FileSystem fs = FileSystem.newInstance(dir.toUri(), conf());
    Path sub = new Path(dir.toUri().toString(), "a/b");
    assertTrue(fs.mkdirs(sub, new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", mode(dir.resolve("a/b")));
    Path file = new Path(sub, "f.txt");
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096,
        (short) 1, 1 << 20, null)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-r-----", mode(dir.resolve("a/b/f.txt")));
    // Still the checksummed local file system: the checksum file is written beside the data.
    assertTrue(Files.exists(dir.resolve("a/b/.f.txt.crc")));
    fs.setPermission(file, new FsPermission((short) 0600));
    assertEquals("rw-------", mode(dir.resolve("a/b/f.txt")));
    // The umask applies to a plain create, as in Hadoop's own local file system (022).
    try (FSDataOutputStream out = fs.create(new Path(sub, "g.txt"))) {
      out.write(1);
    }
    assertEquals("rw-r--r--", mode(dir.resolve("a/b/g.txt")));
  }

  @Test
  void fileContextRenamesRefuseAnExistingTargetAndSeeRealLinks() throws Exception {
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
    Files.writeString(dir.resolve("src"), "1");
    Files.writeString(dir.resolve("dst"), "2");
    Path src = new Path(dir.toUri().toString(), "src");
    Path dst = new Path(dir.toUri().toString(), "dst");
    // Delta's log store commits by a rename that must fail when the version already exists.
    assertThrows(FileAlreadyExistsException.class,
        () -> fc.rename(src, dst, Options.Rename.NONE));
    Path fresh = new Path(dir.toUri().toString(), "fresh");
    fc.rename(src, fresh, Options.Rename.NONE);
    assertFalse(Files.exists(dir.resolve("src")));
    assertEquals("1", Files.readString(dir.resolve("fresh")));

    // A path's link status is what Hadoop's own local file system says of it, link or not.
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("fresh"));
    FileContext hadoop = FileContext.getFileContext(dir.toUri(), new Configuration());
    for (String name : new String[] {"link", "fresh"}) {
      Path p = new Path(dir.toUri().toString(), name);
      FileStatus ours = fc.getFileLinkStatus(p);
      FileStatus theirs = hadoop.getFileLinkStatus(p);
      assertEquals(theirs.isSymlink(), ours.isSymlink(), name);
      assertEquals(theirs.isFile(), ours.isFile(), name);
      assertEquals(theirs.getLen(), ours.getLen(), name);
      assertEquals(theirs.getPath(), ours.getPath(), name);
    }
    assertThrows(java.io.FileNotFoundException.class,
        () -> fc.getFileLinkStatus(new Path(dir.toUri().toString(), "missing")));
  }
}
