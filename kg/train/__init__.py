"""Training kg's statistical models (needs the ``kg[train]`` extra: torch).

Extraction code never imports this package: the models it trains are read by
:mod:`kg.extract.tagger` with numpy alone.
"""
