"""mathquiz: study and quiz tool for the mathematics behind deep learning."""


def __getattr__(name: str):
    # looked up on demand: importlib.metadata costs ~0.1 s, too much for every start-up
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("dl-mathquiz")
        except PackageNotFoundError:  # a source checkout that is not installed
            return "0+unknown"
    raise AttributeError(name)
