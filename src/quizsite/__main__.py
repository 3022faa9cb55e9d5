"""`python -m quizsite`."""

from .cli import run

run()
