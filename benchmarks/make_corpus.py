"""Write a deterministic quizsite site of N machine-learning quiz posts, for benchmarks.

Usage: python benchmarks/make_corpus.py OUT_SITE_DIR N [--seed S]

The site looks like a real quiz blog grown large: mostly folder posts
(content/posts/<slug>/index.qmd, a few with a figure beside them) and some flat ones
(content/posts/<slug>.qmd), about 4 KB each, with ~60 tags of Zipf-like popularity, code in about
a third of the posts (some as Quarto ```{python} cells), math in about a fifth, a collapsed
answer callout with a key, and a reading list drawn from one shared pool of ~300 URLs, so the
site-wide reading list has entries cited by many posts. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

# Tags in order of popularity; the weight of rank r is 1/r, as in real tag clouds.
TAGS = (
    "deep learning", "machine learning", "neural networks", "optimization", "regularization",
    "evaluation", "overfitting", "statistics", "NLP", "computer vision", "transformers",
    "gradient descent", "probability", "feature engineering", "loss functions", "CNN",
    "classification", "regression", "metrics", "data preparation", "dropout",
    "batch normalization", "learning rate", "embeddings", "attention", "PCA", "clustering",
    "decision trees", "ensembles", "gradient boosting", "random forests", "SVM",
    "cross-validation", "hyperparameters", "imbalanced data", "data leakage", "RNN", "LSTM",
    "fine-tuning", "transfer learning", "time series", "anomaly detection", "recommenders",
    "reinforcement learning", "Bayes' theorem", "calibration", "MLOps", "interpretability",
    "fairness", "autoencoders", "GANs", "diffusion models", "tokenization", "quantization",
    "distillation", "contrastive learning", "self-supervised learning", "active learning",
    "k-means", "linear algebra",
)  # fmt: skip
PEOPLE = (
    "Amina", "Bjorn", "Carmen", "Dmitri", "Efua", "Farid", "Greta", "Hamza", "Ines", "Jun",
    "Keziah", "Luis", "Mirela", "Nikhil", "Olga", "Paulo", "Quynh", "Rafael", "Saanvi", "Teodor",
    "Ulla", "Vikram", "Wanjiru", "Xavier", "Yusuf", "Zofia",
)  # fmt: skip
SYSTEMS = (
    "churn model", "spam filter", "demand forecaster", "image classifier", "fraud detector",
    "search ranker", "speech recogniser", "sentiment model", "credit scorer", "object detector",
    "chatbot", "translation model", "pricing model", "defect detector", "click predictor",
    "triage model", "route planner", "topic model", "face matcher", "energy forecaster",
)  # fmt: skip
DATASETS = (
    "support emails", "loan records", "retinal scans", "shop receipts", "tide gauges",
    "forum posts", "parking sensors", "audio clips", "invoices", "satellite tiles",
    "lab notebooks", "delivery logs", "server metrics", "film subtitles", "crop photos",
)  # fmt: skip
SCORES = ("accuracy", "recall", "precision", "F1", "AUC", "RMSE", "log-loss", "MAE", "NDCG")
SETTINGS = (
    "learning rate", "batch size", "weight decay", "dropout rate", "tree depth",
    "number of estimators", "warm-up length", "temperature", "context length", "patience",
)  # fmt: skip
OPENERS = (
    "{who} has been asked to rescue a {system} trained on {data}.",
    "On a slow Thursday, {who} finally opened the notebook behind the team's {system}.",
    "{who} trains a {system} on a few hundred thousand {data}.",
    "A customer complained, so {who} took a second look at the {system}.",
    "{who} is preparing a {system} for its first release and wants to get the basics right.",
)  # fmt: skip
DETAILS = (
    "Validation {score} stalls at {n}% while the training curve keeps improving.",
    "The {setting} was copied from a blog post and never revisited.",
    "Only {small}% of the {data} belong to the class that matters.",
    "Every run takes about {hours} hours, so each experiment has to count.",
    "The features were standardised *before* the split, using the whole table.",
    "Two runs with identical settings disagree by {small} points of {score}.",
    "A colleague suggests that the `{setting}` is the culprit, without much evidence.",
    "The test set was drawn from last year, the training set from this year.",
    "The logs show the loss turning into `nan` around step {steps}.",
    "The dashboard reports {score}, but the business cares about something else.",
    "Nobody remembers why the {setting} changed between the last two releases.",
    "Some of the {data} appear twice, once in training and once in validation.",
)  # fmt: skip
QUESTIONS = (
    "What is the most likely explanation for what {who} sees?",
    "Which change should {who} try first?",
    "Which of these statements about the {system} are true?",
    "What would you tell {who} to do about the {setting}?",
    "Which diagnosis fits the symptoms best?",
)  # fmt: skip
OPTIONS = (
    "Lower the {setting} and train for longer.",
    "Collect more {data} before touching the model.",
    "Report {score} on a held-out set that mirrors production.",
    "Refit the preprocessing on the training split only.",
    "Add regularisation and watch the gap between the two curves.",
    "Switch from {score} to {score2}, which reflects the real costs.",
    "Nothing: the difference is within run-to-run noise.",
    "Increase model capacity, since the model is underfitting.",
    "Deduplicate the {data} across splits and evaluate again.",
    "Clip the gradients and use a warm-up for the {setting}.",
    "Stratify the split so that both sets keep the class balance.",
    "Freeze the early layers and fine-tune only the head.",
)  # fmt: skip
EXPLANATIONS = (
    "The gap between training and validation {score} is the classic sign of a model that memorises its {data}.",
    "Fitting the scaler on the full table lets statistics of the validation rows leak into training, so the estimate is optimistic.",
    "A high {setting} makes each step overshoot, which shows up as a loss that oscillates and finally diverges.",
    "When the positive class is rare, {score} says more about the base rate than about the {system}.",
    "Changing one thing at a time, with a fixed seed, is the only way to know which change helped.",
    "Duplicates across splits are easy to miss and make every metric look *better* than it will be in production.",
    "See [this walkthrough]({link}) for a worked example with plots of both curves.",
    "The [documentation]({link}) states the default explicitly, and it is not the one most people assume.",
    "Option {other} sounds plausible but treats the symptom rather than the cause.",
    "In practice the effect is large: {score} moved from {low}% to {n}% once it was fixed.",
    "A learning-rate finder, as described [here]({link}), gives a sensible starting point in minutes.",
    "Regularisation trades a little training fit for a smaller gap, which is the trade we want here.",
    "If the curves still diverge after the fix, the next suspect is the {setting}.",
    "Plotting {score} per slice of the {data} usually shows where the model fails, and it costs one line of code.",
    "A {system} that looks fine on average can still be badly wrong for a small group of users.",
    "The second half of the question is a trap: more data rarely fixes a bug in the evaluation.",
    "Early stopping on the validation {score} would have hidden the problem rather than solved it.",
    "It is worth writing down the expected result *before* running the experiment.",
    "Compare with a trivial baseline first; if it scores within a point, the model has learned little.",
    "The same mistake appears in many [tutorials]({link}), which is why it is so common.",
)  # fmt: skip
QUOTES = (
    "All models are wrong, but some are useful.",
    "Look at the data before you look at the metrics.",
    "A baseline you cannot beat is the most useful result of the week.",
    "If it looks too good to be true, check the split.",
)  # fmt: skip
CODE_SNIPPETS = (
    (
        "from sklearn.model_selection import train_test_split",
        "from sklearn.preprocessing import StandardScaler",
        "",
        "X_train, X_val, y_train, y_val = train_test_split(X, y, stratify=y, random_state={seed})",
        "scaler = StandardScaler().fit(X_train)  # fit on training rows only",
        "X_val = scaler.transform(X_val)",
    ),
    (
        "for step, (xb, yb) in enumerate(loader):",
        "    optimizer.zero_grad()",
        "    loss = loss_fn(model(xb), yb)",
        "    loss.backward()",
        "    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm={clip})",
        "    optimizer.step()",
        "    if step % {every} == 0:",
        '        print(f"{{step}}: {{loss.item():.4f}}")',
    ),
    (
        "import numpy as np",
        "",
        "def softmax(z, t={temp}):",
        "    z = np.asarray(z) / t",
        "    e = np.exp(z - z.max())",
        "    return e / e.sum()",
        "",
        "print(softmax([2.0, 1.0, 0.1]))",
    ),
    (
        "model = GradientBoostingClassifier(",
        "    n_estimators={trees},",
        "    learning_rate={lr},",
        "    max_depth={depth},",
        ")",
        "scores = cross_val_score(model, X, y, cv={folds}, scoring='roc_auc')",
        "print(scores.mean().round(3), scores.std().round(3))",
    ),
)
CELL_OPTIONS = ("#| echo: true", "#| eval: false", "#| code-fold: true", "#| warning: false")
INLINE_MATH = (
    r"$\hat{y} = \sigma(w^\top x + b)$",
    r"$\eta_t = \eta_0 / \sqrt{t}$",
    r"$\mathrm{F_1} = \frac{2PR}{P + R}$",
    r"$\lVert w \rVert_2^2$",
    r"$p(y \mid x)$",
)
DISPLAY_MATH = (
    r"\mathcal{L}(\theta) = -\frac{1}{n} \sum_{i=1}^{n} \log p_\theta(y_i \mid x_i)",
    r"\mathrm{softmax}(z)_k = \frac{e^{z_k / T}}{\sum_j e^{z_j / T}}",
    r"\theta_{t+1} = \theta_t - \eta \, \nabla_\theta \mathcal{L}(\theta_t)",
    r"\mathrm{Var}[\bar{x}] = \frac{\sigma^2}{n}",
)
TITLE_HEADS = (
    "The", "A curious", "One more", "The quiet", "An honest", "The stubborn", "A suspicious",
    "The misplaced", "An early", "The borrowed", "A lopsided", "The forgotten",
)  # fmt: skip
TITLE_NOUNS = (
    "split", "curve", "threshold", "scaler", "baseline", "epoch", "gradient", "label", "feature",
    "checkpoint", "metric", "seed", "warm-up", "leak", "ensemble", "embedding", "confusion matrix",
)  # fmt: skip
TITLE_TAILS = (
    "", "", "", " in production", " at scale", " on a deadline", ": a post-mortem",
    " that fooled everyone", "? Not quite", " and its side effects", " (part 2)",
)  # fmt: skip
FIGURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">'
    '<polyline fill="none" stroke="#369" stroke-width="2" points="{points}"/></svg>\n'
)

START = date(2019, 1, 1)
DAYS = 2400  # about six and a half years of posting


def reading_pool() -> tuple[tuple[str, str], ...]:
    """The ~300 (title, URL) pairs every post's reading list draws from (same for every seed)."""
    rng = random.Random("reading-pool")
    hosts = (
        ("https://arxiv.org/abs/", "paper"),
        ("https://distill.example.org/", "article"),
        ("https://docs.example.com/ml/", "docs"),
        ("https://blog.example.net/", "post"),
        ("https://course.example.edu/lectures/", "lecture"),
    )
    pool = []
    for i in range(300):
        host, kind = hosts[i % len(hosts)]
        topic = rng.choice(TAGS)
        title = f"{rng.choice(('Understanding', 'Notes on', 'A field guide to', 'Revisiting', 'Pitfalls of'))} {topic}"
        path = f"{rng.randint(15, 24)}{rng.randint(1, 12):02d}.{rng.randrange(100000):05d}"
        if kind != "paper":
            path = f"{slugify(topic)}-{i}"
        pool.append((f"{title} ({kind} {i})", host + path))
    return tuple(pool)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (the corpus only uses ASCII titles)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class GeneratedPost:
    """One post's text and how it is laid out (its slug comes from its title)."""

    folder: bool  # content/posts/<slug>/index.qmd rather than content/posts/<slug>.qmd
    text: str
    figure: str | None  # SVG written beside a folder post, referenced from its body


class Generator:
    """Produces post i of a corpus from (seed, i) alone."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.pool = reading_pool()
        self.tag_weights = [1 / rank for rank in range(1, len(TAGS) + 1)]
        # Reading links are skewed too, gently: the most cited classic appears in ~8% of posts.
        self.pool_weights = [1 / rank**0.5 for rank in range(1, len(self.pool) + 1)]

    def post(self, i: int) -> GeneratedPost:
        """Post number i."""
        rng = random.Random(f"quizsite-bench:{self.seed}:{i}")
        words = {
            "who": rng.choice(PEOPLE),
            "system": rng.choice(SYSTEMS),
            "data": rng.choice(DATASETS),
            "score": rng.choice(SCORES),
            "score2": rng.choice(SCORES),
            "setting": rng.choice(SETTINGS),
            "n": rng.randint(60, 97),
            "low": rng.randint(30, 59),
            "small": rng.randint(1, 9),
            "hours": rng.randint(2, 30),
            "steps": rng.randint(100, 9000),
        }
        title = f"{rng.choice(TITLE_HEADS)} {rng.choice(TITLE_NOUNS)}{rng.choice(TITLE_TAILS)}"
        tags = self._tags(rng)
        when = START + timedelta(days=rng.randrange(DAYS))
        stamp = when.isoformat()
        if rng.random() < 0.1:  # some authors give a time too
            stamp = datetime(when.year, when.month, when.day, rng.randrange(24), 30).isoformat()
        front = ["---", f'title: "{title}"', f"date: {stamp}", f"categories: [{', '.join(tags)}]"]
        if rng.random() < 0.3:
            front.append(f'description: "A quiz about {tags[0]} and a {words["system"]}."')
        front.append("---")

        folder = rng.random() < 0.85
        figure = None
        blocks = self._paragraphs(rng, words, DETAILS, 3, (3, 5), opener=rng.choice(OPENERS))
        if folder and rng.random() < 0.05:
            figure = FIGURE.format(
                points=" ".join(f"{x * 20},{rng.randrange(10, 110)}" for x in range(17))
            )
            blocks.append("![Training and validation loss per epoch.](curves.svg)")
        blocks.append(rng.choice(QUESTIONS).format(**words))
        count = rng.choice((4, 4, 4, 5))
        options = rng.sample(OPTIONS, count)
        blocks.append(
            "\n".join(f"{n}. {o.format(**words)}" for n, o in enumerate(options, start=1))
        )
        blocks.append(self._answer(rng, words, count))
        return GeneratedPost(folder, "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n", figure)

    def _tags(self, rng: random.Random) -> list[str]:
        """One to four distinct tags, popular ones more often."""
        wanted = rng.choices((1, 2, 3, 4), weights=(3, 4, 2, 1))[0]
        tags: list[str] = []
        while len(tags) < wanted:
            tag = rng.choices(TAGS, weights=self.tag_weights)[0]
            if tag not in tags:
                tags.append(tag)
        return tags

    def _paragraphs(
        self,
        rng: random.Random,
        words: dict[str, object],
        pool: tuple[str, ...],
        count: int,
        sentences: tuple[int, int],
        opener: str = "",
    ) -> list[str]:
        """`count` paragraphs of sentences dealt from a shuffled `pool` (refilled when used up,
        so a long answer repeats itself only after using every sentence once)."""
        deck: list[str] = []
        paragraphs = []
        for n in range(count):
            chosen = [opener] if n == 0 and opener else []
            length = rng.randint(*sentences)
            while len(chosen) < length:
                if not deck:
                    deck = rng.sample(pool, len(pool))
                chosen.append(deck.pop())
            values = {**words, "other": rng.randint(1, 4)}
            paragraphs.append(
                " ".join(s.format(**values, link=rng.choice(self.pool)[1]) for s in chosen)
            )
        return paragraphs

    def _answer(self, rng: random.Random, words: dict[str, object], count: int) -> str:
        """The collapsed answer callout: key, explanation, extras, reading list."""
        picks = sorted(rng.sample(range(1, count + 1), rng.choices((1, 2), weights=(4, 1))[0]))
        key = ", ".join(map(str, picks))
        if len(picks) == 1 and rng.random() < 0.15:
            key = f"Answer: {key}"
        kind = rng.choice(("note", "note", "note", "tip"))
        appearance = rng.choice(("", "", ' appearance="minimal"', ' appearance="simple"'))
        parts = [
            f'::: {{.callout-{kind} collapse="true"{appearance}}}',
            "## Expand to see the answer",
            key,
        ]
        explanation = self._paragraphs(rng, words, EXPLANATIONS, rng.randint(3, 5), (4, 6))
        if rng.random() < 0.3:
            explanation.insert(rng.randint(1, len(explanation)), "> " + rng.choice(QUOTES))
        if rng.random() < 0.3:
            explanation.insert(rng.randint(1, len(explanation)), self._code(rng))
        if rng.random() < 0.2:
            style = rng.choice(("inline", "display", "both"))
            if style != "display":
                explanation[0] += f" In symbols, {rng.choice(INLINE_MATH)}."
            if style != "inline":
                explanation.insert(1, f"$$\n{rng.choice(DISPLAY_MATH)}\n$$")
        parts += explanation
        readings = rng.choices(self.pool, weights=self.pool_weights, k=rng.randint(2, 4))
        items = [
            f'* ["{title}"]({url}) {rng.choice(("is a good start.", "goes deeper.", "has worked examples."))}'
            for title, url in dict.fromkeys(readings)
        ]
        parts += ["**Recommended reading**", "\n".join(items), ":::"]
        return "\n\n".join(parts)

    def _code(self, rng: random.Random) -> str:
        """A fenced Python block, or a Quarto cell with `#|` options."""
        values = {
            "seed": rng.randrange(100),
            "clip": rng.choice((0.5, 1.0, 5.0)),
            "every": rng.choice((50, 100, 500)),
            "temp": rng.choice((0.5, 1.0, 2.0)),
            "trees": rng.choice((100, 300, 1000)),
            "lr": rng.choice((0.01, 0.05, 0.1)),
            "depth": rng.randint(2, 8),
            "folds": rng.choice((3, 5, 10)),
        }
        code = "\n".join(line.format(**values) for line in rng.choice(CODE_SNIPPETS))
        if rng.random() < 0.3:
            options = "\n".join(rng.sample(CELL_OPTIONS, rng.randint(1, 2)))
            return f"```{{python}}\n{options}\n{code}\n```"
        return f"```python\n{code}\n```"


# With --computed: every NOTEBOOK_EVERY-th post is a Jupyter notebook with stored outputs, and
# every EXECUTED_EVERY-th (offset by half) has a cell the build runs in a kernel.
NOTEBOOK_EVERY = 10
EXECUTED_EVERY = 10
_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="


def notebook_of(text: str, index: int) -> str:
    """A generated post as an nbformat 4 notebook: its front matter in a raw cell, its body in
    a markdown cell, and a code cell with stored stream and image outputs."""
    _, header, body = text.split("---\n", 2)
    cells = [
        {"cell_type": "raw", "metadata": {}, "source": f"---\n{header}---"},
        {"cell_type": "markdown", "metadata": {}, "source": body},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "source": f"#| fig-alt: A loss curve\nprint({index})\nplot_loss()",
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": f"{index}\n"},
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"image/png": _PIXEL_PNG, "text/plain": "<Figure>"},
                },
            ],
        },
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    return json.dumps(notebook, indent=1) + "\n"


def executed_cell(index: int) -> str:
    """A cell the build runs: cheap, and printing something that depends on the post."""
    return f"\n\nWhat the build computed:\n\n```{{python}}\nprint(sum(range({index + 10})))\n```\n"


def write_corpus(site: Path, count: int, seed: int = 1, computed: bool = False) -> list[Path]:
    """Write a fresh site of `count` posts into `site` (its content/ is replaced); returns the
    post files. `computed` adds notebook posts and posts with cells run at build time; without
    it, no code runs (the cells are shown as code)."""
    posts_dir = site / "content" / "posts"
    if posts_dir.exists():
        shutil.rmtree(posts_dir)
    posts_dir.mkdir(parents=True)
    (site / "quizsite.toml").write_text(
        'title = "Benchmark quizzes"\n'
        'description = "A generated corpus for timing quizsite"\n'
        'author = "quizsite benchmarks"\n'
        'base_url = "https://bench.example.org/quizzes/"\n'
        "posts_per_page = 10\n"
        f"execute = {'true' if computed else 'false'}\n",
        encoding="utf-8",
    )
    generator = Generator(seed)
    used: dict[str, int] = {}
    paths = []
    for i in range(count):
        post = generator.post(i)
        base = slugify(_title(post.text))
        used[base] = used.get(base, 0) + 1
        # Titles repeat in a big corpus; the slug must not (quizsite refuses duplicate URLs).
        slug = base if used[base] == 1 else f"{base}-{used[base]}"
        text = post.text
        if computed:  # the generated snippets need libraries a benchmark machine may lack
            text = text.replace("```{python}\n", "```{python}\n#| eval: false\n")
        notebook = computed and i % NOTEBOOK_EVERY == 0
        if computed and i % EXECUTED_EVERY == EXECUTED_EVERY // 2:
            text += executed_cell(i)
        suffix = ".ipynb" if notebook else ".qmd"
        if post.folder:
            path = posts_dir / slug / f"index{suffix}"
            path.parent.mkdir()
            if post.figure is not None:
                (path.parent / "curves.svg").write_text(post.figure, encoding="utf-8")
        else:
            path = posts_dir / f"{slug}{suffix}"
        path.write_text(notebook_of(text, i) if notebook else text, encoding="utf-8")
        paths.append(path)
    return paths


def _title(text: str) -> str:
    """The title from a generated post's front matter."""
    match = re.search(r'^title: "(.*)"$', text, re.MULTILINE)
    assert match, "every generated post has a title"
    return match.group(1)


def newest_post(site: Path) -> Path:
    """The post file with the latest date (it is on the home page), for edit benchmarks."""
    best: tuple[str, str] | None = None
    for path in sorted((site / "content" / "posts").rglob("*.qmd")):
        head = path.read_text(encoding="utf-8")[:400]
        match = re.search(r"^date: (\S+)$", head, re.MULTILINE)
        if match and (best is None or match.group(1) > best[0]):
            best = (match.group(1), str(path))
    if best is None:
        raise ValueError(f"no dated posts under {site / 'content'}")
    return Path(best[1])


def edit_post(original: str, marker: str) -> str:
    """The post text with `marker` appended to its title and to its question (the line before
    the options), so its page, the home page and its tag pages all change."""
    text = re.sub(r'^(title: ".*)"$', rf'\1 {marker}"', original, count=1, flags=re.MULTILINE)
    question = re.search(r"^(.+)\n\n1\. ", text, re.MULTILINE)
    if question is None:
        raise ValueError("post has no question line before its options")
    end = question.end(1)
    return text[:end] + f" ({marker})" + text[end:]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the corpus and print its size."""
    parser = argparse.ArgumentParser(description="Write a generated quiz site for benchmarks.")
    parser.add_argument("site", type=Path, help="site folder (content/ in it is replaced)")
    parser.add_argument("posts", type=int, help="number of posts")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--computed",
        action="store_true",
        help="add notebook posts and posts whose cells the build runs (needs quizsite[execute])",
    )
    args = parser.parse_args(argv)
    if args.posts < 1:
        parser.error("N must be at least 1")
    paths = write_corpus(args.site, args.posts, args.seed, args.computed)
    size = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} posts into {args.site / 'content' / 'posts'}: "
        f"{size / 1024:.0f} KiB, {size / len(paths) / 1024:.1f} KiB per post",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
