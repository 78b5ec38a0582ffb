// Runs inside the page, after bpmn-js's Modeler bundle: builds one diagram from a plain
// description with the Modeler's own modeling API (the same calls its palette and context
// pad make) and returns the XML the Modeler saves.
//
// window.buildDiagram(spec, extensions) -> Promise<string>
// spec: { pools: [...], nodes: [...], flows: [...], annotations: [...] }, see generate.mjs.
/* global BpmnJS */
window.buildDiagram = async function buildDiagram(spec, extensions) {
  try {
    return await build(spec, extensions);
  } catch (error) {
    throw new Error(`${window.currentStep}: ${error.message}`);
  }
};

async function build(spec, extensions) {
  const container = document.getElementById('canvas');
  container.innerHTML = '';
  const modeler = new BpmnJS({ container, moddleExtensions: extensions || {} });
  await modeler.createDiagram();
  const modeling = modeler.get('modeling');
  const factory = modeler.get('elementFactory');
  const registry = modeler.get('elementRegistry');
  const canvas = modeler.get('canvas');
  const moddle = modeler.get('moddle');
  const shapes = {};

  const byId = (id) => {
    const found = shapes[id] || registry.get(id);
    if (!found) {
      throw new Error(`unknown element ${id}`);
    }
    return found;
  };
  const rename = (element, id, extra) => {
    modeling.updateProperties(element, { id, ...(extra || {}) });
    shapes[id] = element;
    return element;
  };
  // {$type: 'zeebe:IoMapping', inputParameters: [{$type: ...}]} -> moddle elements
  const make = (value) => {
    if (Array.isArray(value)) {
      return value.map(make);
    }
    if (value && typeof value === 'object' && value.$type) {
      const attrs = {};
      for (const [key, inner] of Object.entries(value)) {
        if (key !== '$type') {
          attrs[key] = make(inner);
        }
      }
      return moddle.create(value.$type, attrs);
    }
    return value;
  };

  modeling.removeElements([registry.get('StartEvent_1')]);

  for (const pool of spec.pools || []) {
    window.currentStep = pool.id;
    const shape = factory.createParticipantShape({ type: 'bpmn:Participant',
      isExpanded: pool.processId !== undefined });
    const created = modeling.createShape(shape, { x: pool.x + 300, y: pool.y + 125 },
      canvas.getRootElement());
    modeling.resizeShape(created, { x: pool.x, y: pool.y, width: pool.width,
      height: pool.height });
    rename(created, pool.id, { name: pool.name });
    if (pool.processId !== undefined) {
      modeling.updateModdleProperties(created, created.businessObject.processRef,
        { id: pool.processId, name: pool.processName || undefined });
    }
    const addLanes = (parent, lanes) => {
      if (!lanes || !lanes.length) {
        return;
      }
      modeling.splitLane(parent, lanes.length);
      const children = parent.children
        .filter((child) => child.type === 'bpmn:Lane')
        .sort((a, b) => a.y - b.y);
      lanes.forEach((lane, index) => {
        rename(children[index], lane.id, { name: lane.name });
        addLanes(children[index], lane.lanes);
      });
    };
    addLanes(created, pool.lanes);
  }

  const root = () => canvas.getRootElement();
  const parentOf = (node) => {
    if (!node.parent || node.parent === 'root') {
      // in a collaboration, elements without a parent go into the first pool
      return spec.pools && spec.pools.length ? byId(spec.pools[0].id) : root();
    }
    let parent = byId(node.parent);
    while (parent.type === 'bpmn:Lane') {
      parent = parent.parent;
    }
    return parent;
  };

  for (const node of spec.nodes || []) {
    window.currentStep = node.id;
    const attrs = { type: node.type };
    if (node.event) {
      attrs.eventDefinitionType = node.event;
    }
    if (node.type === 'bpmn:SubProcess' || node.type === 'bpmn:Transaction'
        || node.type === 'bpmn:AdHocSubProcess') {
      attrs.isExpanded = node.expanded !== false;
      if (node.triggeredByEvent) {
        attrs.triggeredByEvent = true;
      }
    }
    if (node.width) {
      attrs.width = node.width;
      attrs.height = node.height;
    }
    const shape = factory.createShape(attrs);
    let created;
    if (node.attach) {
      const host = byId(node.attach);
      created = modeling.createShape(shape, { x: host.x + host.width * 0.7, y: host.y + host.height },
        host, { attach: true });
    } else {
      created = modeling.createShape(shape, { x: node.x, y: node.y }, parentOf(node));
    }
    rename(created, node.id, node.name ? { name: node.name } : {});
    if (node.props) {
      modeling.updateProperties(created, make(node.props));
    }
    if (node.ext) {
      modeling.updateProperties(created, {
        extensionElements: moddle.create('bpmn:ExtensionElements', { values: make(node.ext) }),
      });
    }
    if (node.documentation) {
      modeling.updateProperties(created, {
        documentation: [moddle.create('bpmn:Documentation', { text: node.documentation })],
      });
    }
  }

  for (const flow of spec.flows || []) {
    window.currentStep = flow.id;
    const type = flow.type || 'bpmn:SequenceFlow';
    const connection = modeling.connect(byId(flow.from), byId(flow.to), { type });
    rename(connection, flow.id, flow.name ? { name: flow.name } : {});
    if (flow.condition) {
      modeling.updateProperties(connection, {
        conditionExpression: moddle.create('bpmn:FormalExpression', { body: flow.condition }),
      });
    }
    if (flow.isDefault) {
      modeling.updateProperties(byId(flow.from), { default: connection.businessObject });
    }
  }

  for (const note of spec.annotations || []) {
    window.currentStep = note.id;
    const shape = factory.createShape({ type: 'bpmn:TextAnnotation' });
    const created = modeling.createShape(shape, { x: note.x, y: note.y }, parentOf(note));
    rename(created, note.id, { text: note.text });
    if (note.to) {
      const link = modeling.connect(byId(note.to), created, { type: 'bpmn:Association' });
      rename(link, `${note.id}_link`);
    }
  }

  const { xml } = await modeler.saveXML({ format: true });
  modeler.destroy();
  return xml;
}
