"""Test-only LocalStack extensions for apigw-synth's engine harness (tests/engine).

This directory is put on PYTHONPATH of the LocalStack process only (see
tests/engine/harness.py). The sibling ``apigw_synth_cfn_ext-0.1.0.dist-info``
folder makes ``importlib.metadata`` (and therefore LocalStack's plugin loader,
plux) see the entry points declared in its ``entry_points.txt`` without any
pip install step.
"""
