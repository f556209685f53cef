"""Turn the SFU's per-person recordings (.mjr) into one WebM: a grid of videos, mixed voices.

Janus writes one audio and one video file per publisher (`videoroom-<room>-user-<feed>-<time>-
audio-0.mjr` ...). janus-pp-rec converts each to a playable file and tells when its first
packet was written; ffmpeg delays each by its start against the earliest, puts the videos side
by side and mixes every voice without lowering any (amix without normalising, then a limiter
so the sum does not clip). Nothing here touches the database.
"""

import json
import logging
import re
import subprocess  # noqa: S404 (fixed tools, arguments as lists)
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)
NAME = re.compile(r"^(?P<who>.+-user-.+?)-(?P<kind>audio|video)(?:-\d+)?\.mjr$")
TILE = (320, 240)
# A tool that takes longer than this on one file is stuck.
TOOL_SECONDS = 600


class CompositionFailed(Exception):
    """No composite could be made; the raw files stay where they are."""


@dataclass
class Track:
    """One converted file: whose it is, audio or video, and when its first packet came."""

    who: str
    kind: str
    path: Path
    start_us: int


@dataclass
class Converted:
    tracks: list[Track] = field(default_factory=list)
    # The raw files that could not be converted (damaged, empty).
    bad: list[Path] = field(default_factory=list)


def raw_files(folder: Path) -> list[tuple[str, str, Path]]:
    """Return (who, kind, path) of each Janus recording in a folder, in name order."""
    found = []
    for path in sorted(folder.glob("*.mjr")):
        match = NAME.match(path.name)
        if match:
            found.append((match["who"], match["kind"], path))
    return found


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (fixed tools, arguments as lists)
        command, capture_output=True, text=True, timeout=TOOL_SECONDS, check=False
    )


def _start_us(pp_rec: str, path: Path) -> int:
    """Return when the file's first packet was written (microseconds), from its header."""
    done = _run([pp_rec, "--json", str(path)])
    header = json.loads(done.stdout.strip() or "{}")
    return int(header.get("u") or header.get("s") or 0)


def convert(folder: Path, work: Path, pp_rec: str = "janus-pp-rec") -> Converted:
    """Convert every .mjr in `folder` into `work` (audio .opus, video .webm)."""
    converted = Converted()
    work.mkdir(parents=True, exist_ok=True)
    for who, kind, path in raw_files(folder):
        out = work / (path.stem + (".opus" if kind == "audio" else ".webm"))
        try:
            start = _start_us(pp_rec, path)
            done = _run([pp_rec, str(path), str(out)])
        except (ValueError, OSError, subprocess.TimeoutExpired) as error:
            log.warning("could not read %s: %s", path, error)
            converted.bad.append(path)
            continue
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            log.warning("janus-pp-rec could not convert %s: %s", path, done.stderr[-500:])
            converted.bad.append(path)
            continue
        converted.tracks.append(Track(who, kind, out, start))
    return converted


def ffmpeg_arguments(tracks: list[Track], target: Path) -> list[str]:
    """Return ffmpeg's arguments composing the tracks into one WebM at `target`.

    Videos are scaled to one tile each and stacked side by side in order of who they are;
    each track is delayed by its start against the earliest, so everyone stays in step.
    """
    if not tracks:
        raise CompositionFailed("nothing to compose")
    first = min(t.start_us for t in tracks)
    videos = sorted((t for t in tracks if t.kind == "video"), key=lambda t: t.who)
    audios = sorted((t for t in tracks if t.kind == "audio"), key=lambda t: t.who)
    arguments = ["-hide_banner", "-nostdin", "-y"]
    for track in videos + audios:
        arguments += ["-i", str(track.path)]
    graph = []
    width, height = TILE
    for n, track in enumerate(videos):
        delay = (track.start_us - first) / 1_000_000
        graph.append(
            f"[{n}:v]scale={width}:{height}:force_original_aspect_ratio=decrease,"
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=15,"
            f"tpad=start_duration={delay:.3f}:color=black[v{n}]"
        )
    if len(videos) > 1:
        tiles = "".join(f"[v{n}]" for n in range(len(videos)))
        graph.append(f"{tiles}hstack=inputs={len(videos)}[v]")
    elif videos:
        graph.append("[v0]null[v]")
    for n, track in enumerate(audios):
        delay = (track.start_us - first) // 1000
        graph.append(f"[{len(videos) + n}:a]aresample=48000,adelay={delay}:all=1[a{n}]")
    if audios:
        graph.append(
            "".join(f"[a{n}]" for n in range(len(audios)))
            + f"amix=inputs={len(audios)}:duration=longest:normalize=0,alimiter=limit=0.9[a]"
        )
    arguments += ["-filter_complex", ";".join(graph)]
    if videos:
        arguments += ["-map", "[v]", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8"]
        arguments += ["-b:v", f"{300 * len(videos)}k"]
    if audios:
        arguments += ["-map", "[a]", "-c:a", "libopus", "-b:a", "64k"]
    return arguments + ["-f", "webm", str(target)]


def compose(tracks: list[Track], target: Path, ffmpeg: str = "ffmpeg") -> None:
    """Write the composite to `target`, or raise CompositionFailed (`target` then absent)."""
    partial = target.with_suffix(".part")
    done = _run([ffmpeg, *ffmpeg_arguments(tracks, partial)])
    if done.returncode != 0 or not partial.exists() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        raise CompositionFailed(done.stderr[-500:])
    partial.replace(target)
