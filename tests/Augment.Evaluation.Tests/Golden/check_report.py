"""Runs SDMetrics itself on a finished run's output and compares with report.json's fidelity.sdmetrics.

    PYTHONPATH=/tmp/sdmetrics /usr/bin/python3 tests/Augment.Evaluation.Tests/Golden/check_report.py OUT_DIR

OUT_DIR holds a run's report.json, augmented.csv and synthetic.csv (`augment run ... --out OUT_DIR`). The real rows the
model was fitted on are the first rows.train rows of augmented.csv (Merge writes the training split, then the synthetic
rows); a run whose Profile sampled a stratified fit set (fidelity.comparisons[0].realRows below rows.train) is refused,
because that sample is not among the outputs. Columns come from report.json's columns[]: Continuous/Integer ->
numerical, Datetime -> datetime, Categorical/Boolean -> categorical (read as text), Identifier/FreeText -> left out
(the product does not model them). SDMetrics as in sdmetrics_golden.py (same stubs for its missing optional imports).
"""
import json
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdmetrics_golden  # noqa: E402,F401 - installs the import stubs
from sdmetrics.reports.single_table import QualityReport  # noqa: E402
from sdmetrics.single_table import LogisticDetection  # noqa: E402

SDTYPES = {'Continuous': 'numerical', 'Integer': 'numerical', 'Datetime': 'datetime', 'Categorical': 'categorical',
           'Boolean': 'categorical'}


def main(out_dir, detection_repeats=5):
    with open(os.path.join(out_dir, 'report.json'), encoding='utf-8') as handle:
        report = json.load(handle)
    train_rows = report['rows']['train']
    if report['fidelity']['comparisons'][0]['realRows'] != train_rows:
        sys.exit('the model was fitted on a sample of the training rows that the outputs do not hold')
    sdtypes = {c['name']: SDTYPES[c['kind']] for c in report['columns'] if c['kind'] in SDTYPES}
    text = {c: str for c, t in sdtypes.items() if t == 'categorical'}
    augmented = pd.read_csv(os.path.join(out_dir, 'augmented.csv'), dtype=text, usecols=list(sdtypes))
    synthetic = pd.read_csv(os.path.join(out_dir, 'synthetic.csv'), dtype=text, usecols=list(sdtypes))
    real = augmented.iloc[:train_rows].reset_index(drop=True)
    for column in [c for c, t in sdtypes.items() if t == 'datetime']:
        real[column], synthetic[column] = pd.to_datetime(real[column]), pd.to_datetime(synthetic[column])
    metadata = {'columns': {c: {'sdtype': t} for c, t in sdtypes.items()}}

    quality = QualityReport()
    quality.generate(real, synthetic, metadata, verbose=False)
    properties = quality.get_properties().set_index('Property')['Score']
    detection = []
    for seed in range(detection_repeats):
        np.random.seed(seed)
        detection.append(LogisticDetection.compute(real, synthetic, metadata))
    theirs = {'quality': quality.get_score(), 'column_shapes': properties['Column Shapes'],
              'column_pair_trends': properties['Column Pair Trends'], 'logistic_detection': float(np.mean(detection))}
    ours = report['fidelity']['sdmetrics']
    print(f'real rows {len(real)}, synthetic rows {len(synthetic)}, columns {len(sdtypes)}; '
          f'LogisticDetection over {detection_repeats} fold draws: {min(detection):.4f}..{max(detection):.4f}')
    worst = 0.0
    for name, value in theirs.items():
        mine = float(ours[name])
        worst = max(worst, abs(mine - value))
        print(f'{name:20s} SDMetrics {value:.4f}  report.json {mine:.4f}  diff {mine - value:+.4f}')
    return 0 if worst <= 0.01 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
