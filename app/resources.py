"""Loaded-once resources: dictionaries and language model, shared by every request.

Each resource loads lazily on first use (so ``unspin --help`` stays instant) and is timed, so that load time
can be reported by ``/readyz`` and ``bench/``. One ``Resources`` object is shared per process via
``get_resources()``; tests may build their own with another dictionaries folder.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.engine.lm import LanguageModel, PackageBigramLM
from app.engine.types import SiteProfile
from app.errors import ResourceError
from app.gcpause import gc_paused
from app.settings import Settings, get_settings

# optional files of swaps seen in real spinner output (scripts/build_attested.py): whole phrases, merged under
# phrases.tsv, and one-word swaps, asked beside the thesauri (``candidates.propose``)
ATTESTED_FILE, ATTESTED_WORDS_FILE = "attested.tsv", "attested-words.tsv"
SITE_CACHE = 256  # learned sites' phrase dictionaries kept built (``Resources.site_phrases``)

if TYPE_CHECKING:
    from app.engine.decide import Calibrator
    from app.engine.language import Languages
    from app.engine.lexicon import PhraseDictionary, ReverseThesaurus
    from app.engine.nlm import NeuralLM
    from app.engine.ocr import OcrModel
    from app.engine.topic import TopicVectors

log = logging.getLogger("unspin")
T = TypeVar("T")


def find_dictionaries(explicit: Path | None = None) -> Path:
    """The dictionaries folder: explicit setting, the source checkout, or the installed data files. A folder
    named outright must be one (it holds ``SOURCES.md``): silently using another would hide the mistake."""
    if explicit is not None:
        if not (explicit / "SOURCES.md").is_file():
            raise ResourceError(
                f"UNSPIN_DICTIONARIES_DIR {explicit} is not a dictionaries folder (no SOURCES.md)"
            )
        return explicit
    candidates: list[Path] = []
    candidates += [
        Path(__file__).resolve().parent.parent / "dictionaries",
        Path(sys.prefix) / "share" / "unspin" / "dictionaries",
    ]
    for c in candidates:
        if c is not None and (c / "SOURCES.md").is_file():
            return c
    raise ResourceError(f"no dictionaries folder found (looked in {', '.join(str(c) for c in candidates)})")


class Resources:
    """Everything the engine reads but never changes."""

    NAMES = (
        "lm",
        "thesaurus",
        "phrases",
        "attested_words",
        "topic",
        "nlm",
        "nlm_backward",
        "extra_phrases",
        "ocr",
        "calibrator",
        "languages",
    )  # the lazily loaded parts

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.dir = find_dictionaries(self.settings.dictionaries_dir)
        self.load_seconds: dict[str, float] = {}
        self._lock = threading.RLock()
        self._profiles: dict[str, PhraseDictionary] = {}
        self._sites: dict[SiteProfile, PhraseDictionary] = {}

    def _timed(self, name: str, fn: Callable[[], T]) -> T:
        """Load one resource under the lock (requests may race to first use) and record how long it took.

        The loaded objects live as long as the process, so they are moved out of the cyclic collector's sight
        (``gc.freeze``): each collection that follows a repair would otherwise walk them again. Measured on dev
        news, one core, cold caches: 2,753 and 2,731 words/s without it, 2,902 and 2,841 with it, alternating
        (session 12). Whatever else was alive at that moment is frozen too: it is still freed by reference
        counting, and only a reference cycle among those objects would never be collected."""
        with self._lock, gc_paused():  # loading builds millions of objects: see app/gcpause.py
            t0 = time.perf_counter()
            try:
                value = fn()
            except ResourceError:
                raise
            except Exception as e:  # a truncated or missing file: a broken install, said in one line
                raise ResourceError(f"cannot load {name} from {self.dir}: {e}") from e
            gc.freeze()
            self.load_seconds[name] = round(time.perf_counter() - t0, 3)
            log.info("loaded %s in %.2fs", name, self.load_seconds[name])
            return value

    @cached_property
    def lm(self) -> LanguageModel:
        return self._timed("lm", self._load_lm)

    def _load_lm(self) -> LanguageModel:
        choice = self.settings.lm
        if choice in ("auto", "ngram"):
            try:
                from app.engine.lm_ngram import load_ngram_lm

                model: LanguageModel | None = load_ngram_lm(self.dir)
                if model is not None:
                    return model
            except ImportError:
                pass
            if choice == "ngram":
                raise ResourceError(f"n-gram language model not found in {self.dir}")
        return PackageBigramLM.from_symspellpy()

    @cached_property
    def thesaurus(self) -> ReverseThesaurus:
        from app.engine.candidates import load_ranked
        from app.engine.lexicon import ReverseThesaurus

        lm = self.lm  # the precomputed rankings are checked against its unigrams

        def load() -> ReverseThesaurus:
            t = ReverseThesaurus.load(self.dir)
            load_ranked(self.dir, t, lm.unigram_logprob)
            return t

        return self._timed("thesaurus", load)

    @cached_property
    def phrases(self) -> PhraseDictionary:
        from app.engine.lexicon import PhraseDictionary

        def load() -> PhraseDictionary:
            curated = PhraseDictionary.load(self.dir / "phrases.tsv")
            attested = self.dir / ATTESTED_FILE
            if not attested.is_file():
                return curated
            # swaps seen in real spinner output (scripts/build_attested.py); the curated entries win a tie
            return PhraseDictionary.load(attested).merged(curated)

        return self._timed("phrases", load)

    @cached_property
    def attested_words(self) -> PhraseDictionary | None:
        """One-word swaps a real spinner made (``candidates.propose``); None when not shipped."""
        from app.engine.lexicon import PhraseDictionary

        path = self.dir / ATTESTED_WORDS_FILE
        if not path.is_file():
            return None
        return self._timed("attested_words", lambda: PhraseDictionary.load(path))

    @cached_property
    def topic(self) -> TopicVectors | None:
        """Word vectors for topic fit (``scripts/build_vectors.py``); None when not shipped."""
        from app.engine.topic import TopicVectors

        return self._timed("topic", lambda: TopicVectors.load(self.dir))

    @cached_property
    def nlm(self) -> NeuralLM | None:
        """The neural language model (``scripts/build_nlm.py``), a second opinion on the candidates that pass
        the n-gram prefilter; None when not shipped (the engine then uses the n-gram model alone)."""
        from app.engine.nlm import load_neural_lm

        return self._timed("nlm", lambda: load_neural_lm(self.dir))

    @cached_property
    def nlm_backward(self) -> NeuralLM | None:
        """The backward neural model (``build_nlm.py --reverse``): the same evidence from the words after a
        candidate. Used only beside the forward model, whose vocabulary it must share; None when not shipped."""
        from app.engine.nlm import load_neural_lm

        forward = self.nlm

        def load() -> NeuralLM | None:
            model = load_neural_lm(self.dir, "nlm-backward")
            if model is None or forward is None:
                return None
            if not model.backward or model.ids != forward.ids:
                raise ResourceError(
                    f"{self.dir}/nlm-backward: not a backward model with the forward model's vocabulary"
                )
            return model

        return self._timed("nlm_backward", load)

    @cached_property
    def extra_phrases(self) -> PhraseDictionary | None:
        """The operator's own pairs (``UNSPIN_EXTRA_PHRASES``): trusted like a person's feedback."""
        from app.engine.lexicon import PhraseDictionary

        path = self.settings.extra_phrases
        if path is None:
            return None
        return self._timed("extra_phrases", lambda: PhraseDictionary.load(path))

    @cached_property
    def calibrator(self) -> Calibrator | None:
        """Fitted confidence calibration (``scripts/train_calibration.py``); None means raw posteriors."""
        from app.engine.decide import Calibrator

        return self._timed("calibration", lambda: Calibrator.load(self.dir))

    @cached_property
    def languages(self) -> Languages | None:
        """Function words of English and other languages, and other languages' common words
        (``scripts/build_languages.py``); None when not shipped (every text is then taken for English)."""
        from app.engine.language import Languages

        return self._timed("languages", lambda: Languages.load(self.dir))

    @cached_property
    def ocr(self) -> OcrModel | None:
        """The OCR stage's model (symspellpy dictionary); None when that stage is not installed."""
        try:
            from app.engine.ocr import OcrModel
        except ImportError:
            return None
        from app.engine.ocr import OCR_INDEX_FILE

        languages = self.languages
        return self._timed("ocr", lambda: OcrModel.load(index=self.dir / OCR_INDEX_FILE, languages=languages))

    def profile(self, path: str) -> PhraseDictionary:
        """A learned profile (``unspin learn``): a phrase dictionary, cached by path."""
        from app.engine.lexicon import PhraseDictionary

        with self._lock:
            if path not in self._profiles:
                p = Path(path)
                if not p.is_file():
                    raise ResourceError(f"profile not found: {path}")
                self._profiles[path] = PhraseDictionary.load(p)
            return self._profiles[path]

    def site_phrases(self, site: SiteProfile) -> PhraseDictionary:
        """A learned site's pairs as a phrase dictionary, cached by value (the service hands each site's
        current profile to every request until it learns more; ``SITE_CACHE`` profiles are kept)."""
        from app.engine.lexicon import PhraseDictionary

        with self._lock:
            d = self._sites.get(site)
            if d is None:
                entries: dict[str, dict[str, float]] = {}
                for spun, original, logp in site.pairs:
                    entries.setdefault(spun, {})[original] = logp
                d = PhraseDictionary(entries)
                if len(self._sites) >= SITE_CACHE:
                    self._sites.pop(next(iter(self._sites)))
                self._sites[site] = d
            return d

    REQUIRED = ("phrases.tsv", "thesaurus.bin")  # every other file is optional (its stage or signal is off)

    def check(self) -> None:
        """Fail at once, in one line, when a file the engine cannot do without is missing: not at the first
        document (in a batch, at every file)."""
        missing = [f for f in self.REQUIRED if not (self.dir / f).is_file()]
        if missing:
            raise ResourceError(
                f"dictionaries folder {self.dir} lacks {', '.join(missing)}: a broken install"
            )

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every dictionary file's bytes: a batch resumed after a rebuild must not mix outputs."""
        import hashlib

        h = hashlib.sha256()
        for path in sorted(p for p in self.dir.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(self.dir)).encode())
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        return h.hexdigest()[:16]

    def load_all(self) -> dict[str, float]:
        """Force every resource to load (service start-up, ``/readyz``, benchmarks)."""
        for name in self.NAMES:
            getattr(self, name)
        return dict(self.load_seconds)

    @property
    def ready(self) -> bool:
        return all(name in self.__dict__ for name in self.NAMES)


@lru_cache(maxsize=1)
def get_resources() -> Resources:
    return Resources()
