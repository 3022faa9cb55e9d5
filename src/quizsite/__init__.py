"""quizsite: build a static blog of machine-learning quizzes from Quarto-style Markdown."""

__version__ = "0.1.0"
