"""Questions as plain lines, and typed answers read back into the quiz engine's responses.

Every question type is answered by typing: a number for one choice, numbers for several
("1 3"), "t" or "f", a letter for each item of a matching question ("1b 2a 3c"), the numbers
in order for an ordering question ("3 1 2"), or the words themselves. :func:`read_answer` gives
the engine's response, or a sentence saying what is missing or wrong (then the question is
asked again).
"""

from __future__ import annotations

import re
import string
from typing import Any

from learnmeta.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from learnmeta.content.text import same_text_key

LETTERS = string.ascii_lowercase


class NotAnAnswer(ValueError):
    """What was typed is not an answer yet; the message says what to type."""


def _numbers(text: str, count: int) -> list[int]:
    """The numbers typed (1-based) as 0-based indexes; NotAnAnswer for anything else."""
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    if not parts:
        raise NotAnAnswer("Type a number.")
    numbers = []
    for part in parts:
        if not part.isdigit():
            raise NotAnAnswer(f"“{part}” is not a number. Type numbers from 1 to {count}.")
        number = int(part)
        if not 1 <= number <= count:
            raise NotAnAnswer(f"There is no number {number}. Type numbers from 1 to {count}.")
        numbers.append(number - 1)
    return numbers


def question_lines(question, presentation) -> list[str]:
    """The question's parts, numbered, and how to answer: the lines printed after its prompt."""
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        lines = [f"{n}. {choice.text}" for n, choice in enumerate(presentation.choices, 1)]
        return lines
    if isinstance(question, TrueFalseQuestion):
        return ["1. True", "2. False"]
    if isinstance(question, MatchingQuestion):
        lines = ["Items:"]
        lines += [f"{n}. {pair.left}" for n, pair in enumerate(question.pairs, 1)]
        lines.append("Matches:")
        lines += [f"{LETTERS[n]}. {item}" for n, item in enumerate(presentation.right_items)]
        return lines
    if isinstance(question, OrderingQuestion):
        return [f"{n}. {item}" for n, item in enumerate(presentation.items, 1)]
    return []


def how_to_answer(question, presentation) -> str:
    """The prompt line: what to type for this kind of question."""
    if isinstance(question, SingleQuestion):
        count = len(presentation.choices)
        numbers = "1 or 2" if count == 2 else f"1 to {count}"
        return f"Choose one: type its number, {numbers}, or its words."
    if isinstance(question, MultipleQuestion):
        return "Choose all that apply: type their numbers with spaces between, for example 1 3."
    if isinstance(question, TrueFalseQuestion):
        return "True or false? Type t for true or f for false."
    if isinstance(question, MatchingQuestion):
        return ("Match each item with a match: type each item's number and its match's letter, "
                "for example 1b 2a.")
    if isinstance(question, OrderingQuestion):
        return ("Put them in order: type the numbers in the right order, first to last, for "
                f"example {' '.join(str(n) for n in range(len(presentation.items), 0, -1))}.")
    if isinstance(question, ShortAnswerQuestion):
        return "Type your answer in words."
    return "Type your answer."


def read_answer(question, presentation, text: str) -> Any:
    """The engine's response for what was typed; :class:`NotAnAnswer` says what to type instead."""
    text = text.strip()
    if isinstance(question, SingleQuestion):
        typed = same_text_key(text)
        named = [choice for choice in presentation.choices if same_text_key(choice.text) == typed]
        if named:  # the words of a choice are an answer too
            return named[0].id
        numbers = _numbers(text, len(presentation.choices))
        if len(numbers) != 1:
            raise NotAnAnswer("Choose one answer: type one number.")
        return presentation.choices[numbers[0]].id
    if isinstance(question, MultipleQuestion):
        numbers = _numbers(text, len(presentation.choices))
        return frozenset(presentation.choices[n].id for n in numbers)
    if isinstance(question, TrueFalseQuestion):
        word = text.lower().rstrip(".")
        if word in ("t", "true", "1", "yes", "y"):
            return True
        if word in ("f", "false", "2", "no", "n"):
            return False
        raise NotAnAnswer("Type t for true or f for false.")
    if isinstance(question, MatchingQuestion):
        return _matching(question, presentation, text)
    if isinstance(question, OrderingQuestion):
        count = len(presentation.items)
        numbers = _numbers(text, count)
        if len(set(numbers)) != len(numbers):
            raise NotAnAnswer("Each number once, please: type every number once, in the right order.")
        if len(numbers) != count:
            missing = [str(n + 1) for n in range(count) if n not in numbers]
            raise NotAnAnswer(f"Put every item in the order: {', '.join(missing)} still "
                              f"{'needs' if len(missing) == 1 else 'need'} a place.")
        return [presentation.items[n] for n in numbers]
    if isinstance(question, ShortAnswerQuestion):
        if not text:
            raise NotAnAnswer("Type your answer in words.")
        return text
    raise NotAnAnswer("This kind of question cannot be answered here.")


_PAIR = re.compile(r"(\d+)\s*[-:=.]?\s*([A-Za-z])(?![A-Za-z])")


def _matching(question: MatchingQuestion, presentation, text: str) -> dict[str, str]:
    lefts = [pair.left for pair in question.pairs]
    rights = presentation.right_items
    found = _PAIR.findall(text)
    leftover = _PAIR.sub(" ", text).strip(" ,;")
    if not found or leftover:
        raise NotAnAnswer("Type each item's number and its match's letter, for example 1b 2a.")
    given: dict[str, str] = {}
    for number_text, letter in found:
        number, index = int(number_text), LETTERS.find(letter.lower())
        if not 1 <= number <= len(lefts):
            raise NotAnAnswer(f"There is no item {number}. The items are 1 to {len(lefts)}.")
        if not 0 <= index < len(rights):
            raise NotAnAnswer(f"There is no match {letter.lower()}. The matches are a to "
                              f"{LETTERS[len(rights) - 1]}.")
        left = lefts[number - 1]
        if left in given:
            raise NotAnAnswer(f"Item {number} has two matches: give it one letter.")
        given[left] = rights[index]
    missing = [str(n) for n, left in enumerate(lefts, 1) if left not in given]
    if missing:
        raise NotAnAnswer(f"Match every item: {', '.join(missing)} still "
                          f"{'needs' if len(missing) == 1 else 'need'} a letter.")
    return given
