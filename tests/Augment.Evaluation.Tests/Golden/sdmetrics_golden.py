"""Golden numbers from SDMetrics itself, for GoldenSdMetricsTests.cs.

SDMetrics commit: sdv-dev/SDMetrics tag v0.29.0 (c1d9cfdac838dcf0b5a7c40423dfc63f16d6108a), read and run, never
copied into this repository. Python packages: Debian bookworm's python3-pandas 1.5.3, python3-numpy 1.24.2,
python3-scipy 1.10.1, python3-sklearn 1.2.1 (no PyPI).

How to run (from the repository root):

    git --git-dir=<SDMetrics git dir> archive v0.29.0 | tar -x -C /tmp/sdmetrics
    PYTHONPATH=/tmp/sdmetrics /usr/bin/python3 tests/Augment.Evaluation.Tests/Golden/sdmetrics_golden.py

It writes the input tables (*_real.csv, *_synthetic.csv, built from a fixed NumPy seed) when they are missing, reads
them back with pandas (empty cell = missing, datetime columns parsed), and writes sdmetrics_golden.json beside itself.

Stubs: SDMetrics imports copulas (privacy metrics), plotly (figures) and tqdm (progress bars) at module level; Debian
has none of them, so modules that are not installed are replaced by inert placeholders below. None of the metrics used
here calls them (the reports are generated with verbose=False; figures are never requested). The report also asks for SDMetrics' installed version, which a source tree on
PYTHONPATH lacks: importlib.metadata.version answers '0.29.0' for it.
"""
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import json
import os
import sys
import types

import numpy as np
import pandas as pd


class _Placeholder(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        value = _Placeholder(f'{self.__name__}.{name}')
        setattr(self, name, value)
        return value

    def __call__(self, *args, **kwargs):
        return _Placeholder('call')

    def __mro_entries__(self, bases):
        return (object,)


class _StubMissing(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    ROOTS = ('copulas', 'plotly', 'tqdm')

    def find_spec(self, name, path, target=None):
        if name.split('.')[0] not in self.ROOTS:
            return None
        sys.meta_path.remove(self)
        try:
            found = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            found = None
        finally:
            sys.meta_path.insert(0, self)
        return None if found else importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        return _Placeholder(spec.name)

    def exec_module(self, module):
        module.__path__ = []


sys.meta_path.insert(0, _StubMissing())
_installed_version = importlib.metadata.version


def _version(name):
    # The report records SDMetrics' installed version; a source tree on PYTHONPATH has no package metadata.
    return '0.29.0' if name == 'sdmetrics' else _installed_version(name)


importlib.metadata.version = _version

from sdmetrics.column_pairs import ContingencySimilarity, CorrelationSimilarity  # noqa: E402
from sdmetrics.reports.single_table import QualityReport  # noqa: E402
from sdmetrics.single_column import KSComplement, TVComplement  # noqa: E402
from sdmetrics.single_table import LogisticDetection, NewRowSynthesis  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DETECTION_REPEATS = 20


def _numeric(rng):
    n_real, n_syn = 300, 240
    x = rng.normal(50, 10, n_real)
    real = pd.DataFrame({'x': x.round(3), 'y': (0.8 * x + rng.normal(0, 6, n_real)).round(3),
                         'z': rng.uniform(0, 100, n_real).round(2)})
    xs = rng.normal(52, 12, n_syn)
    syn = pd.DataFrame({'x': xs.round(3), 'y': (0.3 * xs + rng.normal(0, 9, n_syn)).round(3),
                        'z': rng.uniform(20, 60, n_syn).round(2)})  # narrower range than the real z
    return real, syn, {'x': 'numerical', 'y': 'numerical', 'z': 'numerical'}


def _categorical(rng):
    n_real, n_syn = 400, 350
    colours = rng.choice(['red', 'green', 'blue', None], n_real, p=[0.5, 0.3, 0.15, 0.05])
    sizes = np.where(colours == 'red', rng.choice(['S', 'M', 'L'], n_real, p=[0.6, 0.3, 0.1]),
                     rng.choice(['S', 'M', 'L'], n_real, p=[0.2, 0.3, 0.5]))
    real = pd.DataFrame({'colour': colours, 'size': sizes, 'shape': rng.choice(['a', 'b'], n_real)})
    syn_colours = rng.choice(['red', 'green', 'blue', 'purple', None], n_syn, p=[0.4, 0.3, 0.15, 0.05, 0.1])
    syn = pd.DataFrame({'colour': syn_colours, 'size': rng.choice(['S', 'M', 'L', None], n_syn, p=[0.4, 0.3, 0.25, 0.05]),
                        'shape': rng.choice(['a', 'b'], n_syn, p=[0.7, 0.3])})
    return real, syn, {'colour': 'categorical', 'size': 'categorical', 'shape': 'categorical'}


def _mixed(rng, n_real=500, n_syn=450):
    def table(n, age_mu, income_scale, income_cap, missing, day_span):
        age = rng.integers(18, 80, n) if age_mu is None else np.clip(rng.normal(age_mu, 8, n), 18, 79).round()
        city = rng.choice(['north', 'south', 'east', 'west'], n, p=[0.4, 0.3, 0.2, 0.1]).astype(object)
        income = np.minimum(rng.gamma(2.0, income_scale, n) + 300 * (city == 'north'), income_cap).round(2)
        income[rng.random(n) < missing] = np.nan
        city[rng.random(n) < missing] = None
        flag = np.where(age + rng.normal(0, 10, n) > 45, 'yes', 'no')
        day = pd.Timestamp('2020-01-01') + pd.to_timedelta(rng.integers(0, day_span, n), unit='D')
        return pd.DataFrame({'age': age.astype(int), 'income': income, 'city': city, 'flag': flag,
                             'constant': 7, 'day': day.strftime('%Y-%m-%d')})

    real = table(n_real, None, 900, 1e9, 0.08, 700)
    syn = table(n_syn, 40, 500, 2500, 0.12, 500)  # income capped: a narrower synthetic range
    return real, syn, {'age': 'numerical', 'income': 'numerical', 'city': 'categorical', 'flag': 'categorical',
                       'constant': 'numerical', 'day': 'datetime'}


def _write_inputs(name, real, syn):
    for part, frame in (('real', real), ('synthetic', syn)):
        path = os.path.join(HERE, f'{name}_{part}.csv')
        if not os.path.exists(path):
            frame.to_csv(path, index=False)


def _read(name, part, sdtypes):
    dates = [c for c, t in sdtypes.items() if t == 'datetime']
    frame = pd.read_csv(os.path.join(HERE, f'{name}_{part}.csv'), parse_dates=dates or False)
    for column, sdtype in sdtypes.items():
        if sdtype == 'categorical':
            frame[column] = frame[column].astype(object).where(frame[column].notna(), np.nan)
    return frame


def _nan_to_none(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)


def _golden(name, sdtypes):
    real, syn = _read(name, 'real', sdtypes), _read(name, 'synthetic', sdtypes)
    metadata = {'columns': {c: ({'sdtype': t, 'datetime_format': '%Y-%m-%d'} if t == 'datetime' else {'sdtype': t})
                            for c, t in sdtypes.items()}}
    report = QualityReport()
    report.generate(real, syn, metadata, verbose=False)
    shapes = report.get_details('Column Shapes')
    trends = report.get_details('Column Pair Trends')
    # The same report with the real-association thresholds off scores every pair (SDMetrics before 0.28).
    every = QualityReport()
    every.real_correlation_threshold = 0
    every.real_association_threshold = 0
    every.generate(real, syn, metadata, verbose=False)
    every_pair = every.get_details('Column Pair Trends')

    single = {}
    for column, sdtype in sdtypes.items():
        metric = KSComplement if sdtype in ('numerical', 'datetime') else TVComplement
        try:
            single[column] = {'metric': metric.__name__, 'score': _nan_to_none(metric.compute(real[column], syn[column]))}
        except Exception as error:  # noqa: BLE001 - SDMetrics raises IncomputableMetricError for empty columns
            single[column] = {'metric': metric.__name__, 'score': None, 'error': str(error)}

    detection = []
    for seed in range(DETECTION_REPEATS):
        np.random.seed(seed)  # StratifiedKFold(shuffle=True) without random_state draws from NumPy's global state
        try:
            detection.append(float(LogisticDetection.compute(real, syn, metadata)))
        except Exception as error:  # noqa: BLE001 - an unseen synthetic category makes the one-hot encoder fail
            detection = {'error': str(error)}
            break

    return {
        'columns': sdtypes,
        'real_rows': len(real),
        'synthetic_rows': len(syn),
        'quality_score': float(report.get_score()),
        'column_shapes': float(report.get_properties().set_index('Property').loc['Column Shapes', 'Score']),
        'column_pair_trends': float(report.get_properties().set_index('Property').loc['Column Pair Trends', 'Score']),
        'shape_details': [{'column': r['Column'], 'metric': r['Metric'], 'score': _nan_to_none(r['Score'])}
                          for _, r in shapes.iterrows()],
        'single_column_metrics': single,
        'pair_details': [{'column_a': r['Column 1'], 'column_b': r['Column 2'], 'metric': r['Metric'],
                          'score': _nan_to_none(r['Score']),
                          'real_correlation': _nan_to_none(r['Real Correlation']),
                          'synthetic_correlation': _nan_to_none(r['Synthetic Correlation']),
                          'real_association': _nan_to_none(r['Real Association'])}
                         for _, r in trends.iterrows()],
        'column_pair_trends_all_pairs': float(every.get_properties().set_index('Property').loc['Column Pair Trends', 'Score']),
        'pair_details_all_pairs': [{'column_a': r['Column 1'], 'column_b': r['Column 2'], 'metric': r['Metric'],
                                    'score': _nan_to_none(r['Score'])} for _, r in every_pair.iterrows()],
        'logistic_detection': detection if isinstance(detection, dict) else {
            'repeats': detection, 'mean': float(np.mean(detection)), 'min': float(np.min(detection)),
            'max': float(np.max(detection))},
        'new_row_synthesis': float(NewRowSynthesis.compute(real, syn, metadata)),
    }


def main():
    rng = np.random.default_rng(20261207)
    tables = {'numeric': _numeric(rng), 'categorical': _categorical(rng), 'mixed': _mixed(rng)}
    # A synthetic table holding copies of real rows: NewRowSynthesis below 1.
    real, syn, sdtypes = _mixed(rng, 200, 150)
    syn.iloc[:40] = real.iloc[:40].to_numpy()
    tables['copies'] = (real, syn, sdtypes)
    out = {'sdmetrics': 'v0.29.0 (c1d9cfdac838dcf0b5a7c40423dfc63f16d6108a)',
           'packages': {'numpy': np.__version__, 'pandas': pd.__version__}, 'tables': {}}
    for name, (real, syn, sdtypes) in tables.items():
        _write_inputs(name, real, syn)
        out['tables'][name] = _golden(name, sdtypes)
    with open(os.path.join(HERE, 'sdmetrics_golden.json'), 'w', encoding='utf-8') as handle:
        json.dump(out, handle, indent=1)
        handle.write('\n')


if __name__ == '__main__':
    main()
