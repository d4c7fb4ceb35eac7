// Runs an ONNX model in onnxruntime-node (CPU) on the rows of a JSON file and prints the outputs as JSON.
// Usage: node run_onnx.js <model.onnx> <input.json> <repo root with node_modules>
// input.json: {"rows": n, "cols": d, "data": [n*d floats, row-major]}
'use strict';
const path = require('path');
const fs = require('fs');

async function main() {
  const [modelPath, inputPath, root] = process.argv.slice(2);
  const ort = require(path.join(root, 'node_modules', 'onnxruntime-node'));
  const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'));
  const session = await ort.InferenceSession.create(modelPath);
  const tensor = new ort.Tensor('float32', Float32Array.from(input.data), [input.rows, input.cols]);
  const result = await session.run({ input: tensor });
  const out = result.output;
  process.stdout.write(JSON.stringify({ dims: out.dims, data: Array.from(out.data) }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`onnx run failed: ${err.message}\n`);
  process.exit(1);
});
