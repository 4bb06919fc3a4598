"""mathquiz: study and quiz tool for the mathematics behind deep learning."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dl-mathquiz")
except PackageNotFoundError:  # running from a source checkout that is not installed
    __version__ = "0+unknown"
