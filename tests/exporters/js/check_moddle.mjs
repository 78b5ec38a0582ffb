// Reads BPMN files with bpmn-moddle (the parser inside bpmn-js and Camunda Modeler), alone
// and with the Camunda 7 and Camunda 8 (Zeebe) extension packages loaded, then saves each
// and reads the saved text back.
//
// Usage: node check_moddle.mjs FILE...
// Prints one JSON object per file and variant on its own line:
//   {"file", "variant", "warnings": [...], "reloadWarnings": [...], "counts": {type: n}, "xml"}
// where "xml" is bpmn-moddle's re-export. Exits 0 unless a file cannot be read at all.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');

const VARIANTS = {
  plain: {},
  camunda: { camunda },
  zeebe: { zeebe },
};

function describe(warning) {
  const where = warning.element ? ` (${warning.element.$type} ${warning.element.id || ''})` : '';
  return `${warning.message}${where}`;
}

function countTypes(definitions) {
  const counts = {};
  const visit = (element) => {
    if (!element || typeof element !== 'object' || !element.$type) {
      return;
    }
    counts[element.$type] = (counts[element.$type] || 0) + 1;
    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('$') || key === 'sourceRef' || key === 'targetRef') {
        continue;
      }
      if (Array.isArray(value)) {
        value.forEach(visit);
      } else if (value && typeof value === 'object' && value.$type && key !== 'bpmnElement'
          && key !== 'processRef' && key !== 'default' && key !== 'flowNodeRef') {
        visit(value);
      }
    }
  };
  visit(definitions);
  return counts;
}

async function check(file, variant) {
  const moddle = new BpmnModdle(VARIANTS[variant]);
  const text = readFileSync(file, 'utf8');
  const read = await moddle.fromXML(text, 'bpmn:Definitions');
  const { xml } = await moddle.toXML(read.rootElement, { format: true });
  const again = await new BpmnModdle(VARIANTS[variant]).fromXML(xml, 'bpmn:Definitions');
  return {
    file,
    variant,
    warnings: read.warnings.map(describe),
    reloadWarnings: again.warnings.map(describe),
    counts: countTypes(read.rootElement),
    xml,
  };
}

for (const file of process.argv.slice(2)) {
  for (const variant of Object.keys(VARIANTS)) {
    let result;
    try {
      result = await check(file, variant);
    } catch (error) {
      result = { file, variant, warnings: [`import failed: ${error.message}`], reloadWarnings: [] };
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  }
}
