"""Alternatives to the shipped section model, measured exactly as it is, side by side.

    .venv/bin/pip install -e '.[train]'
    python3 -m venv .venv-predict && .venv-predict/bin/pip install fasttext-predict
    .venv/bin/python training/alternatives.py --jobs 2       # every variant, then budgets
    .venv/bin/python training/alternatives.py --only shipped ft-best
    .venv/bin/python training/alternatives.py --list         # the variants by name
    .venv/bin/pip install -e '.[encoders]'                    # for the enc-* variants

Every variant is trained on train.folds (5 folds grouped by feed, the written examples
in every fold, never tested), its held-out logits calibrated and thresholded by
train.judge (one temperature; per section the lowest threshold with held-out precision
>= 0.95, an acceptable second label counting as right) and scored by evaluate.scores
(macro-F1 over the four sections). So a row differs from the shipped model's only by
the model.

fastText reads the words the shipped model reads (section_model.item_words: the folded
headline, then the lead's first words, stop words left out) and gives probabilities;
their logarithms stand for logits. The budget lines time what a compile would do:
loading the file and sorting 10,000 items with ``fasttext-predict`` (the only fastText a
compile could import; it installs a module named ``fasttext`` too, so it lives in its
own environment, named by --predict-python), beside the shipped weights file.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import encoders  # noqa: E402
import evaluate  # noqa: E402
import train  # noqa: E402

from letterpress import section_model  # noqa: E402

CLASSES = train.CLASSES
LANGUAGES = ("en", "nl", "fr")
PREDICT_PYTHON = HERE.parent / ".venv-predict" / "bin" / "python"
SEED = 1


def texts_of(data: train.Dataset, form: str = "words") -> list[str]:
    """Each item as the shipped model reads it: headline words, then the lead's.

    "head2" writes the headline's words twice, so that they weigh in fastText's average
    as the shipped model's separate headline features let them weigh.
    """
    found = []
    for item in data.items:
        head, lead = section_model.item_words(item.title, item.lead)
        found.append(" ".join((*head, *head, *lead) if form == "head2" else (*head, *lead)))
    return found


@dataclass(frozen=True)
class FastText:
    """One fastText setting. ``repeat`` writes each section item that many times, as the
    shipped model weighs sections SECTION_WEIGHT times an "other" item."""

    dim: int = 32
    epoch: int = 25
    lr: float = 0.5
    wordNgrams: int = 2
    minn: int = 3
    maxn: int = 5
    loss: str = "softmax"
    bucket: int = 200_000
    repeat: int = 1
    # Quantized as it would ship (qnorm, retrained on the kept rows): cutoff rows kept.
    quantize: int = 0
    text: str = "words"  # texts_of's form

    def train_args(self) -> dict[str, object]:
        return {
            "dim": self.dim,
            "epoch": self.epoch,
            "lr": self.lr,
            "wordNgrams": self.wordNgrams,
            "minn": self.minn,
            "maxn": self.maxn,
            "loss": self.loss,
            "bucket": self.bucket,
            # One thread and a seed: the same figures on every run.
            "thread": 1,
            "seed": SEED,
            "verbose": 0,
        }


def _training_file(folder: Path, texts: Sequence[str], y: Sequence[int], repeat: int) -> Path:
    """fastText's input: one "__label__x words" line per item, shuffled (SGD reads in order)."""
    lines = []
    for text, k in zip(texts, y, strict=True):
        copies = repeat if CLASSES[k] != "other" else 1
        lines += [f"__label__{CLASSES[k]} {text}"] * copies
    random.Random(SEED).shuffle(lines)
    path = folder / "train.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fit_fasttext(texts: Sequence[str], y: Sequence[int], setting: FastText, folder: Path):
    import fasttext  # training-time only

    path = _training_file(folder, texts, y, setting.repeat)
    model = fasttext.train_supervised(input=str(path), **setting.train_args())
    if setting.quantize:
        model.quantize(input=str(path), qnorm=True, retrain=True, cutoff=setting.quantize)
    return model


def fasttext_logits(model, texts: Sequence[str]) -> np.ndarray:
    """Log-probabilities per class, in CLASSES order (a class never seen: 1e-9)."""
    # A list, not a string: fasttext 0.9.3's single-item predict breaks under numpy 2.
    labels, probs = model.predict(list(texts), k=-1, threshold=0.0)
    out = np.full((len(texts), len(CLASSES)), 1e-9)
    index = {f"__label__{name}": k for k, name in enumerate(CLASSES)}
    for row, (names, values) in enumerate(zip(labels, probs, strict=True)):
        for name, value in zip(names, values, strict=True):
            out[row, index[name]] = max(float(value), 1e-9)
    return np.log(out)


def _fold(
    train_texts: list[str], train_y: np.ndarray, test_texts: list[str], setting: FastText
) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        model = fit_fasttext(train_texts, train_y, setting, Path(folder))
        return fasttext_logits(model, test_texts)


def _save(texts: list[str], y: np.ndarray, setting: FastText, path: Path) -> None:
    fit_fasttext(texts, y, setting, path.parent).save_model(str(path))


def held_out_fasttext(data: train.Dataset, setting: FastText, jobs: int = 1) -> np.ndarray:
    """Held-out logits, each fold trained in a process of its own.

    The fasttext package (0.9.3) carries state from one training to the next in a
    process: the same setting that trains cleanly in a new process ends in "Encountered
    NaN" after a few other trainings. A new process per fold gives every fold the same
    start, so a setting's figures do not depend on what ran before it.
    """
    texts = texts_of(data, setting.text)
    logits = np.zeros((len(data.tested), len(CLASSES)))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, max_tasks_per_child=1) as pool:
        futures = {
            pool.submit(
                _fold,
                [texts[i] for i in rows],
                data.y[rows],
                [texts[data.tested[i]] for i in test_part],
                setting,
            ): test_part
            for rows, test_part in train.folds(data)
        }
        for future, test_part in futures.items():
            logits[test_part] = future.result()
    return logits


def held_out_sklearn(data: train.Dataset, make: Callable[[], object]) -> np.ndarray:
    """Held-out logits of a scikit-learn model on the shipped model's features."""
    logits = np.zeros((len(data.tested), len(CLASSES)))
    for rows, test_part in train.folds(data):
        model = make().fit(data.X[rows], data.y[rows])
        logits[test_part] = train.full_logits(model, data.X[data.tested[test_part]])
    return logits


def _balanced() -> LogisticRegression:
    return LogisticRegression(
        C=train.C, max_iter=3000, fit_intercept=False, class_weight="balanced"
    )


class OneVsRest:
    """One logistic regression per class against the rest, on the shipped features, with
    sections weighed as the shipped model weighs them (written examples at full weight);
    their margins take the place of the multinomial model's logits."""

    def __init__(self, c: float = train.C) -> None:
        self.c = c
        self.classes_ = np.arange(len(CLASSES))

    def fit(self, X, y: np.ndarray) -> OneVsRest:
        weight = np.where(y == train.OTHER, 1.0, train.SECTION_WEIGHT)
        self.models = [
            LogisticRegression(C=self.c, max_iter=3000, fit_intercept=False).fit(
                X, y == k, sample_weight=weight
            )
            for k in self.classes_
        ]
        return self

    def decision_function(self, X) -> np.ndarray:
        return np.column_stack([m.decision_function(X) for m in self.models])


def nb_ratios(X, y: np.ndarray, k: int, alpha: float = 1.0) -> np.ndarray:
    """Per feature, the log-ratio of its presence in class ``k`` against the rest (NBSVM)."""
    present = (X != 0).astype(np.float64)
    inside = np.asarray(present[y == k].sum(axis=0)).ravel() + alpha
    outside = np.asarray(present[y != k].sum(axis=0)).ravel() + alpha
    return np.log((inside / inside.sum()) / (outside / outside.sum()))


def held_out_nb(data: train.Dataset, per_class: bool) -> np.ndarray:
    """Logistic regression on features scaled by naive Bayes log-count ratios (Wang and
    Manning's NBSVM), weighed as the shipped model is. ``per_class``: one regression per
    class on its own ratios, margins for logits; else the multinomial model on features
    scaled by their largest ratio over the classes. Either folds into one weight per
    feature and class, so a compile would pay nothing for it."""
    logits = np.zeros((len(data.tested), len(CLASSES)))
    written = np.zeros(len(data.y), bool)
    written[data.written] = True
    for rows, test_part in train.folds(data):
        X, y, tested = data.X[rows], data.y[rows], data.X[data.tested[test_part]]
        weight = train.sample_weights(y, written[rows])
        ratios = [nb_ratios(X, y, k) for k in range(len(CLASSES))]
        if per_class:
            for k, r in enumerate(ratios):
                scale = sparse.diags(r)
                model = LogisticRegression(C=train.C, max_iter=3000).fit(
                    X @ scale, y == k, sample_weight=weight
                )
                logits[test_part, k] = model.decision_function(tested @ scale)
        else:
            scale = sparse.diags(np.max(np.abs(ratios), axis=0))
            model = LogisticRegression(C=train.C, max_iter=3000, fit_intercept=False)
            model.fit(X @ scale, y, sample_weight=weight)
            logits[test_part] = train.full_logits(model, tested @ scale)
    return logits


def held_out_headline_copies(data: train.Dataset, written_only: bool) -> np.ndarray:
    """The shipped model trained with a second, headline-alone row at half weight for every
    training item that has a lead (or every written one): most Dutch and French items
    come as a headline alone. Measured on the items as they are."""
    from letterpress.classify import built_in_vocabularies
    from letterpress.lexicon import built_in_lexicons

    vocabularies, lexicons = built_in_vocabularies(), built_in_lexicons()
    column = {b: j for j, b in enumerate(data.columns.tolist())}
    copied = [
        i
        for i, item in enumerate(data.items)
        if item.title.strip() and item.lead.strip() and (data.is_written[i] or not written_only)
    ]
    rows, cols, vals = [], [], []
    for r, i in enumerate(copied):
        merged: dict[int, float] = {}
        for name, value in section_model.features(
            data.items[i].title, "", vocabularies, lexicons
        ).items():
            j = column.get(section_model.bucket(name))
            if j is not None:
                merged[j] = merged.get(j, 0.0) + value
        rows += [r] * len(merged)
        cols += list(merged)
        vals += list(merged.values())
    heads = sparse.csr_matrix((vals, (rows, cols)), shape=(len(copied), data.X.shape[1]))
    copy_of = {i: r for r, i in enumerate(copied)}
    logits = np.zeros((len(data.tested), len(CLASSES)))
    for train_rows, test_part in train.folds(data):
        sources = [i for i in train_rows if i in copy_of]
        X = sparse.vstack([data.X[train_rows], heads[[copy_of[i] for i in sources]]]).tocsr()
        y = np.concatenate([data.y[train_rows], data.y[sources]])
        weight = np.concatenate(
            [
                train.sample_weights(data.y[train_rows], data.is_written[train_rows]),
                0.5 * train.sample_weights(data.y[sources], data.is_written[sources]),
            ]
        )
        model = LogisticRegression(C=train.C, max_iter=3000, fit_intercept=False)
        model.fit(X, y, sample_weight=weight)
        logits[test_part] = train.full_logits(model, data.X[data.tested[test_part]])
    return logits


def feature_group(feature: str) -> str:
    """The kind of a feature, by its name: piece, word, pair, vocab, trap, vscore, lex, prior."""
    if section_model.is_word_piece(feature):
        return "piece"
    if feature.startswith(("h:", "l:")):
        return "pair" if "_" in feature[2:] else "word"
    for prefixes, group in (
        (("vh:", "vl:"), "vocab"),
        (("t:",), "trap"),
        (("vs:",), "vscore"),
        (("xh:", "xl:"), "lex"),
    ):
        if feature.startswith(prefixes):
            return group
    return "prior"


def held_out_scaled(data: train.Dataset, scales: dict[str, float]) -> np.ndarray:
    """The shipped model with some kinds of feature scaled: a column scaled by s is
    regularised as if its penalty were divided by s squared, so this tries a C per kind.
    Scales fold into the weights, so a compile would pay nothing for them."""
    from letterpress.classify import built_in_vocabularies
    from letterpress.lexicon import built_in_lexicons

    vocabularies, lexicons = built_in_vocabularies(), built_in_lexicons()
    kind: dict[int, str] = {}
    for item in data.items:
        for name in section_model.features(item.title, item.lead, vocabularies, lexicons):
            kind.setdefault(section_model.bucket(name), feature_group(name))
    column_scales = [scales.get(kind.get(b, "word"), 1.0) for b in data.columns.tolist()]
    X = (data.X @ sparse.diags(column_scales)).tocsr()
    logits = np.zeros((len(data.tested), len(CLASSES)))
    for rows, test_part in train.folds(data):
        model = train.fit(X[rows], data.y[rows], data.is_written[rows])
        logits[test_part] = train.full_logits(model, X[data.tested[test_part]])
    return logits


def _scaled(name: str, **scales: float) -> Variant:
    what = "shipped model, features scaled: " + ", ".join(f"{k} x{v}" for k, v in scales.items())
    return Variant(name, what, lambda d, jobs: held_out_scaled(d, scales))


@dataclass
class Variant:
    name: str
    what: str
    logits: Callable[[train.Dataset, int], np.ndarray]  # (data, jobs)
    fasttext: FastText | None = None


def _ft(name: str, what: str, setting: FastText) -> Variant:
    return Variant(name, what, lambda d, jobs: held_out_fasttext(d, setting, jobs), setting)


def _enc(name: str, what: str, encoder: str, mixed: bool = False) -> Variant:
    return Variant(name, what, lambda d, jobs: encoders.held_out_encoder(d, encoder, 10.0, mixed))


# The best of the settings tried (training/README.md has the sweep): no character n-grams,
# word pairs, the headline's words written twice, 50 epochs at lr 1.0.
BEST = FastText(epoch=50, lr=1.0, minn=0, maxn=0, text="head2")


def _near(**change: object) -> FastText:
    return replace(BEST, **change)


VARIANTS = [
    Variant(
        "shipped", "the shipped linear model (train.fit)", lambda d, jobs: train.out_of_fold(d)
    ),
    Variant(
        "lr-balanced",
        "shipped features, logistic regression, class_weight='balanced'",
        lambda d, jobs: held_out_sklearn(d, _balanced),
    ),
    Variant(
        "lr-ovr",
        "shipped features and weights, one-vs-rest logistic regressions",
        lambda d, jobs: held_out_sklearn(d, OneVsRest),
    ),
    Variant(
        "lr-nb-ovr",
        "naive Bayes-scaled features, one-vs-rest logistic regressions",
        lambda d, jobs: held_out_nb(d, per_class=True),
    ),
    Variant(
        "lr-nb-max",
        "features scaled by their largest naive Bayes ratio, the shipped regression",
        lambda d, jobs: held_out_nb(d, per_class=False),
    ),
    Variant(
        "lr-headcopy",
        "shipped model, a headline-alone copy of every item with a lead, half weight",
        lambda d, jobs: held_out_headline_copies(d, written_only=False),
    ),
    Variant(
        "lr-headcopy-w",
        "... of every written example with a lead only",
        lambda d, jobs: held_out_headline_copies(d, written_only=True),
    ),
    _scaled("lr-known-x2", lex=2, vocab=2, vscore=2, trap=2),
    _scaled("lr-known-x05", lex=0.5, vocab=0.5, vscore=0.5, trap=0.5),
    _scaled("lr-pieces-x05", piece=0.5),
    _scaled("lr-pieces-x15", piece=1.5),
    _scaled("lr-priors-x3", prior=3),
    Variant("lr-C1", "shipped model, C=1", lambda d, jobs: train.out_of_fold(d, 1.0)),
    Variant("lr-C16", "shipped model, C=16", lambda d, jobs: train.out_of_fold(d, 16.0)),
    # Pretrained sentence encoders (encoders.py; the `encoders` extra). C 10 scored best of
    # 1, 10 and 100 for both; "mean" is the plain mean of its logits and the shipped model's.
    _enc("enc-e5", "multilingual-e5-small embeddings, logistic regression, C 10", "e5"),
    _enc("enc-e5-mean", "... its logits and the shipped model's, mean", "e5", mixed=True),
    _enc("enc-use", "Universal Sentence Encoder multilingual embeddings, C 10", "use"),
    _enc("enc-use-mean", "... its logits and the shipped model's, mean", "use", mixed=True),
    _enc("enc-static", "mean of the words' e5 vectors (each word alone), C 10", "static"),
    _enc("enc-static-mean", "... its logits and the shipped model's, mean", "static", True),
    _ft("ft-best", "fastText: dim 32, 50 epochs, lr 1.0, pairs, no grams, headline x2", BEST),
    _ft("ft-best-q20k", "... quantized: qnorm, retrained, 20k rows kept", _near(quantize=20_000)),
    _ft("ft-first", "dim 32, 25 epochs, lr 0.5, pairs, 3-5 grams, softmax", FastText()),
    _ft("ft-grams", "... with 3-5 character n-grams", _near(minn=3, maxn=5)),
    _ft("ft-words", "... no word pairs (wordNgrams 1)", _near(wordNgrams=1)),
    _ft("ft-head1", "... headline written once", _near(text="words")),
    _ft("ft-ova", "... loss ova", _near(loss="ova")),
    _ft("ft-e25", "... 25 epochs", _near(epoch=25)),
    _ft("ft-lr05", "... lr 0.5", _near(lr=0.5)),
    _ft("ft-d16", "... dim 16", _near(dim=16)),
    _ft("ft-d50", "... dim 50", _near(dim=50)),
    _ft("ft-repeat3", "... section items written 3 times", _near(repeat=3)),
]


def table_row(name: str, measured: train.Measured, logits: np.ndarray) -> dict[str, object]:
    """Scores at the chosen thresholds, for all items and per language; and, to tell ranking
    from confidence, the macro-F1 of placing every item in its most likely class."""
    truth = [CLASSES[k] for k in measured.y]
    seconds = [CLASSES[k] if k >= 0 else "" for k in measured.second]
    guess = [CLASSES[k] for k in measured.predicted]
    row: dict[str, object] = {"variant": name, "all": evaluate.scores(truth, guess, seconds)}
    row["argmax"] = evaluate.scores(truth, [CLASSES[k] for k in logits.argmax(axis=1)], seconds)
    for lang in LANGUAGES:
        keep = [i for i, item in enumerate(measured.items) if item.lang == lang]
        row[lang] = evaluate.scores(
            [truth[i] for i in keep], [guess[i] for i in keep], [seconds[i] for i in keep]
        )
    row["thresholds"] = measured.thresholds
    return row


def print_table(rows: list[dict]) -> None:
    head = f"{'variant':<14}{'macro-F1':>9}{'en':>7}{'nl':>7}{'fr':>7}{'argmax':>8}"
    for name in evaluate.SECTIONS:
        head += f"  {name[:9]:>9} P/R"
    print("\n" + head)
    for row in rows:
        line = f"{row['variant']:<14}{row['all']['macro_f1']:>9.3f}"
        line += "".join(f"{row[lang]['macro_f1']:>7.3f}" for lang in LANGUAGES)
        line += f"{row['argmax']['macro_f1']:>8.3f}"
        for name in evaluate.SECTIONS:
            s = row["all"]["sections"][name]
            line += f"  {s['precision']:>6.2f}/{s['recall']:.2f}"
        print(line)


def print_details(row: dict) -> None:
    print(f"\n{row['variant']}: thresholds {row['thresholds']}")
    for part in ("all", *LANGUAGES):
        evaluate.print_scores(part, row[part])


# The budget: what a compile would pay, timed in fasttext-predict's own environment.
PREDICT_TIMING = """
import json, statistics, sys, time
start = time.perf_counter()
import fasttext
imported = time.perf_counter() - start
path, texts_path = sys.argv[1], sys.argv[2]
texts = open(texts_path, encoding="utf-8").read().split("\\n")
loads = []
for _ in range(7):
    start = time.perf_counter()
    model = fasttext.load_model(path)
    loads.append(time.perf_counter() - start)
runs = []
for _ in range(3):
    start = time.perf_counter()
    for text in texts:  # one at a time: fasttext-predict's list predict is broken
        model.predict(text, k=-1, threshold=0.0)
    runs.append(time.perf_counter() - start)
print(json.dumps({"import": imported, "load": statistics.median(loads),
                  "predict": statistics.median(runs)}))
"""


def budget_lines(data: train.Dataset, setting: FastText, python: Path) -> None:
    """Sizes and times of the shipped model and of fastText trained on everything."""
    texts = texts_of(data, setting.text)
    items = [data.items[i % len(data.items)] for i in range(10_000)]
    start = time.perf_counter()
    sorted_texts = texts_of(
        train.Dataset(items, data.y, data.second, [], data.X, data.columns), setting.text
    )
    words_time = time.perf_counter() - start
    print(
        f"\nbudget (targets: file <= 2 MB, load <= 15 ms); 10,000 items are the labelled "
        f"items and written examples, cycled; fastText {setting}"
    )
    size = section_model.BUILT_IN_MODEL.stat().st_size
    sys.path.insert(0, str(HERE.parent / "bench"))
    from sections import load_times  # the budget's own measurement, in bench/sections.py

    loads = load_times()
    from letterpress.classify import Classifier

    runs = []
    for _ in range(3):
        section_model.built_in_model.cache_clear()
        classifier = Classifier.built_in()
        start = time.perf_counter()
        for item in items:
            classifier.logits(item.title, item.lead)
        runs.append(time.perf_counter() - start)
    print(
        f"  {'shipped':<22} {size / 1e6:6.2f} MB  load {statistics.median(loads) * 1e3:6.1f} ms"
        f"  10,000 items {statistics.median(runs):5.2f} s (features and vocabularies included)"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "texts.txt").write_text("\n".join(sorted_texts), encoding="utf-8")
        plain = FastText(**{**setting.__dict__, "quantize": 0})
        shipped_forms = [("fastText .bin", plain, "model.bin")]
        for cutoff in (20_000, 50_000):
            q = FastText(**{**setting.__dict__, "quantize": cutoff})
            shipped_forms.append((f"quantized cutoff {cutoff // 1000}k", q, "model.ftz"))
        for label, form, filename in shipped_forms:
            path = root / filename
            # In a process of its own, as the folds are (see held_out_fasttext).
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                pool.submit(_save, texts, data.y, form, path).result()
            size = path.stat().st_size
            if not python.exists():
                print(
                    f"  {label:<22} {size / 1e6:6.2f} MB  (no {python}: load and predict untimed)"
                )
                continue
            done = subprocess.run(
                [str(python), "-c", PREDICT_TIMING, str(path), str(root / "texts.txt")],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                sys.exit(f"{python}: timing {label} failed:\n{done.stderr}")
            t = json.loads(done.stdout)
            print(
                f"  {label:<22} {size / 1e6:6.2f} MB  load {t['load'] * 1e3:6.1f} ms"
                f"  10,000 items {t['predict'] + words_time:5.2f} s (predict {t['predict']:.2f}"
                f" + words {words_time:.2f}); import fasttext {t['import'] * 1e3:.1f} ms"
            )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--only", nargs="*", help="these variants by name")
    parser.add_argument("--list", action="store_true", help="name the variants and stop")
    parser.add_argument("--details", action="store_true", help="P/R/F1 per section and language")
    parser.add_argument("--jobs", type=int, default=1, help="fastText folds trained at once")
    parser.add_argument("--no-budget", action="store_true", help="scores only")
    parser.add_argument(
        "--predict-python",
        type=Path,
        default=PREDICT_PYTHON,
        help="a Python with fasttext-predict installed",
    )
    args = parser.parse_args(argv)
    if args.list:
        for variant in VARIANTS:
            print(f"{variant.name:<14} {variant.what}")
        return
    chosen = [v for v in VARIANTS if not args.only or v.name in args.only]
    data = train.load()
    print(
        f"items: {len(data.tested)} labelled (measured), {len(data.written)} written (train only)"
    )
    rows = []
    for variant in chosen:
        start = time.perf_counter()
        try:
            logits = variant.logits(data, args.jobs)
        except RuntimeError as error:  # fastText's "Encountered NaN": lr too high for it
            print(f"{variant.name:<14} failed: {error}", flush=True)
            continue
        rows.append(table_row(variant.name, train.judge(data, logits), logits))
        print(
            f"{variant.name:<14} macro-F1 {rows[-1]['all']['macro_f1']:.3f} "
            f"({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
    print_table(rows)
    if args.details:
        for row in rows:
            print_details(row)
    if not args.no_budget:
        budget_lines(data, BEST, args.predict_python)


if __name__ == "__main__":
    main()
