"""The media folder (report PDFs): packed into ``media.tar.gz`` with a SHA-256 of every file, and
unpacked on restore into a staging folder, checked file by file, then moved into place."""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cls_portal.backup.manifest import BackupError, sha256_of

STAGING_PREFIX = ".restore-"


class HashingReader:
    """Reads a file for tarfile while hashing what was read, so the checksum is of exactly the
    bytes packed, even if the file changes meanwhile."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(name relative to ``root`` with forward slashes, path) of every regular file, in order;
    symbolic links and a restore's leftover staging folders are not media."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            name
            for name in dirs
            if not (here == root and name.startswith(STAGING_PREFIX))
            and not (here / name).is_symlink()
        )
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def has_files(root: Path) -> bool:
    return next(media_files(root), None) is not None


def pack(root: Path, archive: Path) -> dict[str, str]:
    """Write every media file into ``archive``; answer each file's SHA-256 by name."""
    checksums = {}
    with tarfile.open(archive, "w:gz") as tar:
        for name, path in media_files(root):
            with path.open("rb") as handle:
                info = tar.gettarinfo(arcname=name, fileobj=handle)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                reader = HashingReader(handle)
                tar.addfile(info, reader)
            checksums[name] = reader.digest.hexdigest()
    return checksums


def unpack(archive: Path, root: Path, expected: dict[str, str]) -> int:
    """Unpack into a staging folder inside ``root`` (tarfile's "data" filter refuses absolute
    paths, links out of the folder and device files), check every file against the manifest,
    then move each into place. Nothing in ``root`` changes unless every file checks out."""
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        found = {name: sha256_of(path) for name, path in media_files(staging)}
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        damaged = sorted(
            name for name in set(found) & set(expected) if found[name] != expected[name]
        )
        if missing or extra or damaged:
            raise BackupError(
                "The media archive does not match the manifest"
                + (f"; missing: {', '.join(missing[:5])}" if missing else "")
                + (f"; not listed: {', '.join(extra[:5])}" if extra else "")
                + (f"; changed: {', '.join(damaged[:5])}" if damaged else "")
                + ". Nothing in the media folder was changed."
            )
        for name in found:
            destination = root / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, destination)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"The media archive could not be unpacked: {exc}.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(found)
