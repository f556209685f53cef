"""Where recordings live on disk: numbered chunks while open, then one file each."""

import hashlib
import os
import shutil
from pathlib import Path


class RecordingStore:
    """Files under one folder (RECORDING_DIR): `<id>/<seq>.part` while open, `<id>.webm` after."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _chunk(self, recording_id: int, seq: int) -> Path:
        return self.root / str(recording_id) / f"{seq:06d}.part"

    def put_chunk(self, recording_id: int, seq: int, content: bytes) -> None:
        """Write one chunk whole (a half-written one is never seen under its name)."""
        path = self._chunk(recording_id, seq)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_bytes(content)
        os.replace(partial, path)

    def assemble(self, recording_id: int, seqs: list[int]) -> tuple[str, int, str]:
        """Join the chunks in order into one file; return its name, size and SHA-256."""
        name = f"recording-{recording_id}.webm"
        digest, size = hashlib.sha256(), 0
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "wb") as out:
            for seq in seqs:
                content = self._chunk(recording_id, seq).read_bytes()
                digest.update(content)
                size += len(content)
                out.write(content)
        self.drop_chunks(recording_id)
        return name, size, digest.hexdigest()

    def drop_chunks(self, recording_id: int) -> None:
        shutil.rmtree(self.root / str(recording_id), ignore_errors=True)

    def path(self, filename: str) -> Path:
        return self.root / filename

    def remove(self, filename: str) -> None:
        (self.root / filename).unlink(missing_ok=True)
