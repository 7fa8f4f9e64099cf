"""Binds every ``.feature`` file under features/ to pytest (``pytest features/``)."""

from pytest_bdd import scenarios

scenarios(".")
