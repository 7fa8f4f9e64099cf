"""Mutation testing of the reference connector against the feature suite (``make mutants``).

:mod:`.mutate` makes the mutants, :mod:`.worker` runs scenarios against one in a long-lived pytest
session, :mod:`.run` schedules them and :mod:`.__main__` prints the score;
``equivalents.toml`` lists the mutants no scenario can kill, with the reason for each.
"""
