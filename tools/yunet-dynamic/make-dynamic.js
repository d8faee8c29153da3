// Makes YuNet's input height/width and every output's cell count symbolic, so the detector runs at the photo's
// own size (padded to a multiple of 32) instead of always at 640x640. Weights and nodes are untouched.
const fs = require('fs');
const { onnx } = require('onnx-proto');
const m = onnx.ModelProto.decode(fs.readFileSync(process.argv[2]));
const g = m.graph;
const dims = g.input[0].type.tensorType.shape.dim;
dims[2] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'height' });
dims[3] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'width' });
for (const o of g.output) o.type.tensorType.shape.dim[1] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'cells_' + o.name.split('_')[1] });
g.valueInfo.splice(0); // shapes inferred for 640x640 would contradict other sizes
for (const n of g.node) if (n.opType === 'Resize') console.log('Resize', n.name, n.input);
fs.writeFileSync(process.argv[3], onnx.ModelProto.encode(m).finish());
