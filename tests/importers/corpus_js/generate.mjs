// Generates the BPMN import test corpus, once; the Python tests read the files it writes
// (tests/data/bpmn) and do not need node.
//
//   npm ci && node generate.mjs ../../data/bpmn
//
// Most files are drawn with the bpmn-js Modeler in headless Chromium (Debian's chromium via
// playwright-core; nothing is downloaded), through the Modeler's own modeling API; the Camunda
// 7 and 8 files load camunda-bpmn-moddle / zeebe-bpmn-moddle into the Modeler. Two files are
// built with bpmn-moddle alone and have no diagram (DI); one is built with bpmn-moddle and laid
// out by bpmn-auto-layout.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(dirname(require.resolve('bpmn-js/package.json')), 'dist');
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');

const out = resolve(process.argv[2] || join(here, '..', '..', 'data', 'bpmn'));
mkdirSync(out, { recursive: true });

// ------------------------------------------------------------------ Modeler-drawn files
const task = (id, type, name, x, y, more = {}) => ({ id, type: `bpmn:${type}`, name, x, y, ...more });
const flow = (id, from, to, more = {}) => ({ id, from, to, ...more });

const MODELER_FILES = {
  'order-handling.bpmn': {
    pools: [{ id: 'Pool_Order', name: 'Order handling', processId: 'Process_Order',
      x: 100, y: 80, width: 1750, height: 450,
      lanes: [{ id: 'Lane_Sales', name: 'Sales' }, { id: 'Lane_Warehouse', name: 'Warehouse' },
        { id: 'Lane_Finance', name: 'Finance' }] }],
    nodes: [
      task('Start_Order', 'StartEvent', 'Order received', 200, 155,
        { event: 'bpmn:MessageEventDefinition' }),
      task('Task_Check', 'UserTask', 'Check order', 320, 155,
        { documentation: 'Completeness and credit limit.' }),
      task('Gw_Valid', 'ExclusiveGateway', 'Order valid?', 460, 155),
      task('Task_Reject', 'SendTask', 'Send rejection', 600, 155),
      task('End_Rejected', 'EndEvent', 'Order rejected', 740, 155),
      task('Task_Pick', 'ManualTask', 'Pick goods', 600, 305),
      task('Task_Ship', 'ServiceTask', 'Ship parcel', 760, 305),
      task('Task_Notify', 'Task', 'Notify customer', 920, 155),
      task('Task_Invoice', 'ScriptTask', 'Create invoice', 1080, 455),
      task('Task_Rules', 'BusinessRuleTask', 'Apply discount rules', 1240, 455),
      task('Task_Pay', 'ReceiveTask', 'Receive payment', 1400, 455),
      task('Call_Archive', 'CallActivity', 'Archive order', 1560, 155),
      task('End_Done', 'EndEvent', 'Order closed', 1700, 155),
    ],
    flows: [
      flow('Flow_1', 'Start_Order', 'Task_Check'), flow('Flow_2', 'Task_Check', 'Gw_Valid'),
      flow('Flow_Yes', 'Gw_Valid', 'Task_Pick', { name: 'yes', condition: '${valid}' }),
      flow('Flow_No', 'Gw_Valid', 'Task_Reject', { name: 'no', isDefault: true }),
      flow('Flow_3', 'Task_Reject', 'End_Rejected'), flow('Flow_4', 'Task_Pick', 'Task_Ship'),
      flow('Flow_5', 'Task_Ship', 'Task_Notify'), flow('Flow_6', 'Task_Notify', 'Task_Invoice'),
      flow('Flow_7', 'Task_Invoice', 'Task_Rules'), flow('Flow_8', 'Task_Rules', 'Task_Pay'),
      flow('Flow_9', 'Task_Pay', 'Call_Archive'), flow('Flow_10', 'Call_Archive', 'End_Done'),
    ],
    annotations: [
      { id: 'Note_Check', text: 'Checked within 2 hours', x: 420, y: 110, parent: 'Pool_Order',
        to: 'Task_Check' },
      { id: 'Note_Free', text: 'Orders arrive by e-mail and phone', x: 300, y: 480,
        parent: 'Pool_Order' },
    ],
  },

  'two-pools-message-flows.bpmn': {
    pools: [
      { id: 'Pool_Customer', name: 'Customer', processId: 'Process_Customer',
        x: 100, y: 80, width: 900, height: 200 },
      { id: 'Pool_Shop', name: 'Shop', processId: 'Process_Shop', x: 100, y: 330, width: 900,
        height: 300, lanes: [{ id: 'Lane_Front', name: 'Front office' },
          { id: 'Lane_Back', name: 'Back office' }] },
    ],
    nodes: [
      task('Start_C', 'StartEvent', 'Need goods', 200, 180, { parent: 'Pool_Customer' }),
      task('Task_Order', 'SendTask', 'Place order', 320, 180, { parent: 'Pool_Customer' }),
      task('Task_Wait', 'ReceiveTask', 'Receive confirmation', 740, 180,
        { parent: 'Pool_Customer' }),
      task('End_C', 'EndEvent', 'Goods ordered', 900, 180, { parent: 'Pool_Customer' }),
      task('Start_S', 'StartEvent', 'Order arrived', 320, 405,
        { parent: 'Pool_Shop', event: 'bpmn:MessageEventDefinition' }),
      task('Task_Take', 'UserTask', 'Take order', 460, 405, { parent: 'Pool_Shop' }),
      task('Task_Prepare', 'Task', 'Prepare goods', 600, 555, { parent: 'Pool_Shop' }),
      task('Task_Confirm', 'SendTask', 'Send confirmation', 740, 405, { parent: 'Pool_Shop' }),
      task('End_S', 'EndEvent', 'Order confirmed', 900, 405, { parent: 'Pool_Shop' }),
    ],
    flows: [
      flow('Flow_C1', 'Start_C', 'Task_Order'), flow('Flow_C2', 'Task_Order', 'Task_Wait'),
      flow('Flow_C3', 'Task_Wait', 'End_C'),
      flow('Flow_S1', 'Start_S', 'Task_Take'), flow('Flow_S2', 'Task_Take', 'Task_Prepare'),
      flow('Flow_S3', 'Task_Prepare', 'Task_Confirm'), flow('Flow_S4', 'Task_Confirm', 'End_S'),
      flow('Msg_Order', 'Task_Order', 'Start_S', { type: 'bpmn:MessageFlow', name: 'Order' }),
      flow('Msg_Confirm', 'Task_Confirm', 'Task_Wait',
        { type: 'bpmn:MessageFlow', name: 'Confirmation' }),
    ],
  },

  'nested-lanes.bpmn': {
    pools: [{ id: 'Pool_Loan', name: 'Loan approval', processId: 'Process_Loan',
      x: 100, y: 80, width: 1250, height: 600,
      lanes: [
        { id: 'Lane_Front', name: 'Front office', lanes: [
          { id: 'Lane_Branch', name: 'Branch' }, { id: 'Lane_Online', name: 'Online' }] },
        { id: 'Lane_Risk', name: 'Risk', lanes: [
          { id: 'Lane_Analysts', name: 'Analysts' }, { id: 'Lane_Committee', name: 'Committee' }] },
      ] }],
    nodes: [
      task('Start_L', 'StartEvent', 'Application received', 220, 155),
      task('Task_Apply', 'UserTask', 'Take application', 340, 155),
      task('Task_Verify', 'ServiceTask', 'Verify identity online', 480, 305),
      task('Task_Score', 'ServiceTask', 'Score credit', 640, 455),
      task('Gw_Amount', 'ExclusiveGateway', 'Amount over 50k?', 780, 455),
      task('Task_Committee', 'UserTask', 'Committee decision', 920, 605),
      task('Gw_Merge', 'ExclusiveGateway', '', 1060, 455),
      task('Task_Offer', 'SendTask', 'Send offer', 1160, 155),
      task('End_L', 'EndEvent', 'Offer sent', 1280, 155),
    ],
    flows: [
      flow('Flow_L1', 'Start_L', 'Task_Apply'), flow('Flow_L2', 'Task_Apply', 'Task_Verify'),
      flow('Flow_L3', 'Task_Verify', 'Task_Score'), flow('Flow_L4', 'Task_Score', 'Gw_Amount'),
      flow('Flow_Big', 'Gw_Amount', 'Task_Committee', { name: 'yes', condition: '${amount > 50000}' }),
      flow('Flow_Small', 'Gw_Amount', 'Gw_Merge', { name: 'no', isDefault: true }),
      flow('Flow_L5', 'Task_Committee', 'Gw_Merge'), flow('Flow_L6', 'Gw_Merge', 'Task_Offer'),
      flow('Flow_L7', 'Task_Offer', 'End_L'),
    ],
  },

  'gateways-all-kinds.bpmn': {
    pools: [{ id: 'Pool_Claims', name: 'Claims', processId: 'Process_Claims',
      x: 100, y: 80, width: 1960, height: 500 }],
    nodes: [
      task('Start_Claim', 'StartEvent', 'Claim filed', 180, 330),
      task('Task_Register', 'Task', 'Register claim', 300, 330),
      task('Gw_Fork', 'ParallelGateway', '', 440, 330),
      task('Task_Docs', 'Task', 'Collect documents', 560, 230),
      task('Task_Photos', 'Task', 'Collect photos', 560, 430),
      task('Gw_Join', 'ParallelGateway', '', 700, 330),
      task('Task_Assess', 'UserTask', 'Assess claim', 820, 330),
      task('Gw_Checks', 'InclusiveGateway', 'Which checks?', 960, 330),
      task('Task_Fraud', 'ServiceTask', 'Fraud check', 1100, 230),
      task('Task_Expert', 'UserTask', 'Expert review', 1100, 430),
      task('Gw_ChecksDone', 'InclusiveGateway', '', 1240, 330),
      task('Task_Decide', 'UserTask', 'Decide claim', 1360, 330),
      task('Gw_Wait', 'EventBasedGateway', 'Customer answer', 1500, 330),
      task('Evt_Accept', 'IntermediateCatchEvent', 'Customer accepts', 1600, 230,
        { event: 'bpmn:MessageEventDefinition' }),
      task('Evt_Timeout', 'IntermediateCatchEvent', '14 days', 1600, 430,
        { event: 'bpmn:TimerEventDefinition' }),
      task('Task_Pay', 'ServiceTask', 'Pay out', 1740, 230),
      task('Gw_Escalate', 'ComplexGateway', 'Escalate?', 1720, 430),
      task('Task_Close', 'Task', 'Close claim', 1860, 430),
      task('End_Paid', 'EndEvent', 'Paid', 1900, 230),
      task('End_Closed', 'EndEvent', 'Closed', 2000, 430),
    ],
    flows: [
      flow('Flow_G1', 'Start_Claim', 'Task_Register'), flow('Flow_G2', 'Task_Register', 'Gw_Fork'),
      flow('Flow_G3', 'Gw_Fork', 'Task_Docs'), flow('Flow_G4', 'Gw_Fork', 'Task_Photos'),
      flow('Flow_G5', 'Task_Docs', 'Gw_Join'), flow('Flow_G6', 'Task_Photos', 'Gw_Join'),
      flow('Flow_G7', 'Gw_Join', 'Task_Assess'), flow('Flow_G8', 'Task_Assess', 'Gw_Checks'),
      flow('Flow_Fraud', 'Gw_Checks', 'Task_Fraud', { name: 'suspicious', condition: '${suspicious}' }),
      flow('Flow_Expert', 'Gw_Checks', 'Task_Expert', { name: 'over 10k', condition: '${amount > 10000}' }),
      flow('Flow_G9', 'Task_Fraud', 'Gw_ChecksDone'), flow('Flow_G10', 'Task_Expert', 'Gw_ChecksDone'),
      flow('Flow_G11', 'Gw_ChecksDone', 'Task_Decide'), flow('Flow_G12', 'Task_Decide', 'Gw_Wait'),
      flow('Flow_G13', 'Gw_Wait', 'Evt_Accept'), flow('Flow_G14', 'Gw_Wait', 'Evt_Timeout'),
      flow('Flow_G15', 'Evt_Accept', 'Task_Pay'), flow('Flow_G16', 'Evt_Timeout', 'Gw_Escalate'),
      flow('Flow_Late', 'Gw_Escalate', 'Task_Pay', { name: 'late acceptance' }),
      flow('Flow_Give', 'Gw_Escalate', 'Task_Close', { name: 'no answer' }),
      flow('Flow_G17', 'Task_Pay', 'End_Paid'), flow('Flow_G18', 'Task_Close', 'End_Closed'),
    ],
  },

  'subprocess-boundary.bpmn': {
    pools: [{ id: 'Pool_Travel', name: 'Travel booking', processId: 'Process_Travel',
      x: 100, y: 80, width: 1300, height: 520 }],
    nodes: [
      task('Start_T', 'StartEvent', 'Trip needed', 180, 200),
      task('Task_Request', 'UserTask', 'Request trip', 300, 200),
      task('Sub_Book', 'SubProcess', 'Book travel', 620, 200, { width: 400, height: 200 }),
      task('Sub_Start', 'StartEvent', '', 460, 200, { parent: 'Sub_Book' }),
      task('Task_Flight', 'ServiceTask', 'Book flight', 550, 200, { parent: 'Sub_Book' }),
      task('Task_Hotel', 'UserTask', 'Book hotel', 690, 200, { parent: 'Sub_Book' }),
      task('Sub_End', 'EndEvent', '', 790, 200, { parent: 'Sub_Book' }),
      task('Task_Approve', 'UserTask', 'Approve trip', 960, 200),
      task('End_T', 'EndEvent', 'Trip approved', 1100, 200),
      task('Bnd_Timeout', 'BoundaryEvent', '48 hours', 0, 0,
        { attach: 'Task_Approve', event: 'bpmn:TimerEventDefinition' }),
      task('Task_Remind', 'SendTask', 'Remind approver', 1100, 400),
      task('End_Reminded', 'EndEvent', 'Reminder sent', 1240, 400),
      task('Bnd_Failed', 'BoundaryEvent', 'Booking failed', 0, 0,
        { attach: 'Sub_Book', event: 'bpmn:ErrorEventDefinition' }),
      task('Task_Manual', 'ManualTask', 'Book by phone', 780, 420),
      task('Sub_Cancel', 'SubProcess', 'Cancellation', 420, 490,
        { width: 300, height: 150, triggeredByEvent: true }),
      task('Evt_Cancel', 'StartEvent', 'Trip cancelled', 320, 490,
        { parent: 'Sub_Cancel', event: 'bpmn:MessageEventDefinition' }),
      task('Task_Refund', 'Task', 'Refund deposit', 430, 490, { parent: 'Sub_Cancel' }),
      task('Evt_Cancelled', 'EndEvent', '', 530, 490, { parent: 'Sub_Cancel' }),
    ],
    flows: [
      flow('Flow_T1', 'Start_T', 'Task_Request'), flow('Flow_T2', 'Task_Request', 'Sub_Book'),
      flow('Flow_T3', 'Sub_Start', 'Task_Flight'), flow('Flow_T4', 'Task_Flight', 'Task_Hotel'),
      flow('Flow_T5', 'Task_Hotel', 'Sub_End'), flow('Flow_T6', 'Sub_Book', 'Task_Approve'),
      flow('Flow_T7', 'Task_Approve', 'End_T'), flow('Flow_T8', 'Bnd_Timeout', 'Task_Remind'),
      flow('Flow_T9', 'Task_Remind', 'End_Reminded'), flow('Flow_T10', 'Bnd_Failed', 'Task_Manual'),
      flow('Flow_T11', 'Task_Manual', 'Task_Approve'), flow('Flow_T12', 'Evt_Cancel', 'Task_Refund'),
      flow('Flow_T13', 'Task_Refund', 'Evt_Cancelled'),
    ],
    annotations: [
      { id: 'Note_Hotel', text: 'Prefer partner hotels', x: 760, y: 130, parent: 'Sub_Book',
        to: 'Task_Hotel' },
    ],
  },

  'data-and-artifacts.bpmn': {
    pools: [{ id: 'Pool_Hire', name: 'Hiring', processId: 'Process_Hire',
      x: 100, y: 80, width: 1100, height: 400,
      lanes: [{ id: 'Lane_HR', name: 'HR' }, { id: 'Lane_Team', name: 'Team' }] }],
    nodes: [
      task('Start_H', 'StartEvent', 'Position approved', 180, 155),
      task('Task_Post', 'Task', 'Post job', 300, 155),
      task('Evt_Wait', 'IntermediateCatchEvent', '2 weeks', 440, 155,
        { event: 'bpmn:TimerEventDefinition' }),
      task('Task_Screen', 'UserTask', 'Screen CVs', 560, 155),
      task('Evt_Shortlist', 'IntermediateThrowEvent', 'Shortlist ready', 700, 155,
        { event: 'bpmn:SignalEventDefinition' }),
      task('Task_Interview', 'UserTask', 'Interview candidates', 840, 355),
      task('End_H', 'EndEvent', 'Candidate chosen', 1000, 355),
      task('Data_CVs', 'DataObjectReference', 'CVs', 440, 330),
      task('Store_ATS', 'DataStoreReference', 'Applicant tracking', 1000, 250),
    ],
    flows: [
      flow('Flow_H1', 'Start_H', 'Task_Post'), flow('Flow_H2', 'Task_Post', 'Evt_Wait'),
      flow('Flow_H3', 'Evt_Wait', 'Task_Screen'), flow('Flow_H4', 'Task_Screen', 'Evt_Shortlist'),
      flow('Flow_H5', 'Evt_Shortlist', 'Task_Interview'), flow('Flow_H6', 'Task_Interview', 'End_H'),
      flow('Read_CVs', 'Data_CVs', 'Task_Screen', { type: 'bpmn:DataInputAssociation' }),
      flow('Write_ATS', 'Task_Interview', 'Store_ATS', { type: 'bpmn:DataOutputAssociation' }),
    ],
    annotations: [
      { id: 'Note_Interview', text: 'Two interviewers', x: 900, y: 290, parent: 'Pool_Hire',
        to: 'Task_Interview' },
      { id: 'Note_Wait', text: 'Candidates apply meanwhile', x: 480, y: 110, parent: 'Pool_Hire',
        to: 'Evt_Wait' },
    ],
  },

  'camunda7-invoice.bpmn': {
    extensions: 'camunda',
    pools: [{ id: 'Pool_Invoice', name: 'Invoice approval', processId: 'Process_Invoice',
      x: 100, y: 80, width: 1060, height: 400,
      lanes: [{ id: 'Lane_Accounting', name: 'Accounting' }, { id: 'Lane_Approver', name: 'Approver' }] }],
    nodes: [
      task('Start_I', 'StartEvent', 'Invoice received', 180, 155,
        { props: { 'camunda:formKey': 'embedded:app:forms/start.html', 'camunda:initiator': 'starter' } }),
      task('Task_Assign', 'BusinessRuleTask', 'Assign approver group', 320, 155,
        { props: { 'camunda:decisionRef': 'invoice-assign-approver',
          'camunda:resultVariable': 'approverGroups', 'camunda:mapDecisionResult': 'collectEntries' } }),
      task('Task_Approve', 'UserTask', 'Approve invoice', 480, 355, {
        props: { 'camunda:candidateGroups': '${approverGroups}',
          'camunda:formKey': 'embedded:app:forms/approve.html' },
        ext: [
          { $type: 'camunda:InputOutput', inputParameters: [
            { $type: 'camunda:InputParameter', name: 'amount', value: '${invoice.amount}' }] },
          { $type: 'camunda:ExecutionListener', event: 'start', class: 'org.example.LogStart' },
        ] }),
      task('Gw_Approved', 'ExclusiveGateway', 'Invoice approved?', 620, 355),
      task('Task_Transfer', 'UserTask', 'Prepare bank transfer', 760, 155,
        { props: { 'camunda:assignee': 'accounting', 'camunda:asyncBefore': true } }),
      task('Task_Archive', 'ServiceTask', 'Archive invoice', 920, 155,
        { props: { 'camunda:class': 'org.example.ArchiveInvoiceService' },
          ext: [{ $type: 'camunda:Properties', values: [
            { $type: 'camunda:Property', name: 'retention', value: '10y' }] }] }),
      task('End_Paid', 'EndEvent', 'Invoice paid', 1080, 155),
      task('End_Rejected', 'EndEvent', 'Invoice rejected', 760, 355),
    ],
    flows: [
      flow('Flow_I1', 'Start_I', 'Task_Assign'), flow('Flow_I2', 'Task_Assign', 'Task_Approve'),
      flow('Flow_I3', 'Task_Approve', 'Gw_Approved'),
      flow('Flow_Ok', 'Gw_Approved', 'Task_Transfer', { name: 'yes', condition: '${approved}' }),
      flow('Flow_NotOk', 'Gw_Approved', 'End_Rejected', { name: 'no', condition: '${!approved}' }),
      flow('Flow_I4', 'Task_Transfer', 'Task_Archive'), flow('Flow_I5', 'Task_Archive', 'End_Paid'),
    ],
  },

  'camunda8-onboarding.bpmn': {
    extensions: 'zeebe',
    nodes: [
      task('Start_Z', 'StartEvent', 'Customer signed', 180, 200),
      task('Task_Fetch', 'ServiceTask', 'Fetch customer', 320, 200, { ext: [
        { $type: 'zeebe:TaskDefinition', type: 'fetch-customer', retries: '3' },
        { $type: 'zeebe:IoMapping',
          inputParameters: [{ $type: 'zeebe:Input', source: '=customerId', target: 'id' }],
          outputParameters: [{ $type: 'zeebe:Output', source: '=result', target: 'customer' }] },
        { $type: 'zeebe:TaskHeaders', values: [{ $type: 'zeebe:Header', key: 'tier', value: 'gold' }] },
      ] }),
      task('Task_Risk', 'BusinessRuleTask', 'Score risk', 480, 200, { ext: [
        { $type: 'zeebe:CalledDecision', decisionId: 'risk-score', resultVariable: 'risk' }] }),
      task('Gw_Risk', 'ExclusiveGateway', 'Risk?', 620, 200),
      task('Task_Review', 'UserTask', 'Manual review', 760, 90, { ext: [
        { $type: 'zeebe:AssignmentDefinition', candidateGroups: 'risk-team' },
        { $type: 'zeebe:FormDefinition', formId: 'review-form' }] }),
      task('Call_Onboard', 'CallActivity', 'Onboard customer', 920, 200, { ext: [
        { $type: 'zeebe:CalledElement', processId: 'onboarding',
          propagateAllChildVariables: false }] }),
      task('Task_Welcome', 'SendTask', 'Send welcome mail', 1080, 200, { ext: [
        { $type: 'zeebe:TaskDefinition', type: 'send-mail' }] }),
      task('Task_Ack', 'ReceiveTask', 'Wait for acknowledgement', 1240, 200),
      task('End_Z', 'EndEvent', 'Customer onboarded', 1380, 200),
    ],
    flows: [
      flow('Flow_Z1', 'Start_Z', 'Task_Fetch'), flow('Flow_Z2', 'Task_Fetch', 'Task_Risk'),
      flow('Flow_Z3', 'Task_Risk', 'Gw_Risk'),
      flow('Flow_High', 'Gw_Risk', 'Task_Review', { name: 'high', condition: '=risk = "high"' }),
      flow('Flow_Low', 'Gw_Risk', 'Call_Onboard', { name: 'low', isDefault: true }),
      flow('Flow_Z4', 'Task_Review', 'Call_Onboard'), flow('Flow_Z5', 'Call_Onboard', 'Task_Welcome'),
      flow('Flow_Z6', 'Task_Welcome', 'Task_Ack'), flow('Flow_Z7', 'Task_Ack', 'End_Z'),
    ],
  },
};

async function drawWithModeler() {
  const pageDir = mkdtempSync(join(tmpdir(), 'bpmn-corpus-'));
  const pageFile = join(pageDir, 'modeler.html');
  writeFileSync(pageFile, `<!doctype html><html><head><meta charset="utf-8">
<script src="${pathToFileURL(join(dist, 'bpmn-modeler.development.js'))}"></script>
<script src="${pathToFileURL(join(here, 'modeler_build.js'))}"></script>
</head><body><div id="canvas" style="width:1600px;height:1000px"></div></body></html>`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(pageFile).href);
    for (const [name, spec] of Object.entries(MODELER_FILES)) {
      const extensions = spec.extensions === 'camunda' ? { camunda }
        : spec.extensions === 'zeebe' ? { zeebe } : {};
      const xml = await page.evaluate(([s, e]) => window.buildDiagram(s, e), [spec, extensions]);
      writeFileSync(join(out, name), xml + '\n');
      process.stdout.write(`wrote ${name} (bpmn-js Modeler)\n`);
    }
  } finally {
    await browser.close();
  }
}

// ------------------------------------------------------------------ bpmn-moddle-built files
function builder(moddle) {
  const elements = [];
  const byId = {};
  const add = (type, attrs) => {
    const element = moddle.create(type, attrs);
    byId[attrs.id] = element;
    elements.push(element);
    return element;
  };
  const connect = (id, from, to, attrs = {}) => {
    const element = moddle.create('bpmn:SequenceFlow', { id, sourceRef: byId[from],
      targetRef: byId[to], ...attrs });
    byId[from].get('outgoing').push(element);
    byId[to].get('incoming').push(element);
    byId[id] = element;
    elements.push(element);
    return element;
  };
  return { elements, byId, add, connect };
}

async function writeModdle(moddle, definitions, name, note) {
  const { xml } = await moddle.toXML(definitions, { format: true });
  writeFileSync(join(out, name), xml + '\n');
  process.stdout.write(`wrote ${name} (${note})\n`);
  return xml;
}

async function purchaseWithoutDiagram() {
  const moddle = new BpmnModdle();
  const b = builder(moddle);
  b.add('bpmn:StartEvent', { id: 'Start_P', name: 'Need identified' });
  b.add('bpmn:UserTask', { id: 'Task_Request', name: 'Request purchase' });
  b.add('bpmn:UserTask', { id: 'Task_Approve', name: 'Approve request' });
  b.add('bpmn:ExclusiveGateway', { id: 'Gw_Approved', name: 'Approved?' });
  b.add('bpmn:Task', { id: 'Task_Order', name: 'Place order' });
  b.add('bpmn:ParallelGateway', { id: 'Gw_Split' });
  b.add('bpmn:ManualTask', { id: 'Task_Receive', name: 'Receive goods' });
  b.add('bpmn:UserTask', { id: 'Task_Invoice', name: 'Check invoice' });
  b.add('bpmn:ParallelGateway', { id: 'Gw_Sync' });
  b.add('bpmn:ServiceTask', { id: 'Task_Pay', name: 'Pay supplier' });
  b.add('bpmn:EndEvent', { id: 'End_P', name: 'Supplier paid' });
  b.add('bpmn:DataObject', { id: 'DataObject_PO' });
  b.add('bpmn:DataObjectReference', { id: 'Data_PO', name: 'Purchase order',
    dataObjectRef: b.byId.DataObject_PO });
  b.connect('Flow_P1', 'Start_P', 'Task_Request');
  b.connect('Flow_P2', 'Task_Request', 'Task_Approve');
  b.connect('Flow_P3', 'Task_Approve', 'Gw_Approved');
  b.connect('Flow_Rework', 'Gw_Approved', 'Task_Request', { name: 'needs changes',
    conditionExpression: moddle.create('bpmn:FormalExpression', { body: '${!approved}' }) });
  const yes = b.connect('Flow_P4', 'Gw_Approved', 'Task_Order', { name: 'approved' });
  b.byId.Gw_Approved.default = yes;
  b.connect('Flow_P5', 'Task_Order', 'Gw_Split');
  b.connect('Flow_P6', 'Gw_Split', 'Task_Receive');
  b.connect('Flow_P7', 'Gw_Split', 'Task_Invoice');
  b.connect('Flow_P8', 'Task_Receive', 'Gw_Sync');
  b.connect('Flow_P9', 'Task_Invoice', 'Gw_Sync');
  b.connect('Flow_P10', 'Gw_Sync', 'Task_Pay');
  b.connect('Flow_P11', 'Task_Pay', 'End_P');
  const note = moddle.create('bpmn:TextAnnotation', { id: 'Note_Policy',
    text: 'Purchases over 5,000 need two approvals' });
  const lane = (id, name, refs) => moddle.create('bpmn:Lane', { id, name,
    flowNodeRef: refs.map((ref) => b.byId[ref]) });
  const proc = moddle.create('bpmn:Process', {
    id: 'Process_Purchase', name: 'Purchase to pay', isExecutable: false,
    laneSets: [moddle.create('bpmn:LaneSet', { id: 'LaneSet_P', lanes: [
      lane('Lane_Staff', 'Staff', ['Start_P', 'Task_Request', 'Task_Receive']),
      lane('Lane_Manager', 'Manager', ['Task_Approve', 'Gw_Approved']),
      lane('Lane_Purchasing', 'Purchasing',
        ['Task_Order', 'Gw_Split', 'Task_Invoice', 'Gw_Sync', 'Task_Pay', 'End_P']),
    ] })],
    flowElements: b.elements,
    artifacts: [note],
  });
  const definitions = moddle.create('bpmn:Definitions', { id: 'Definitions_Purchase',
    targetNamespace: 'http://bpmn.io/schema/bpmn', rootElements: [proc] });
  await writeModdle(moddle, definitions, 'no-di-purchase.bpmn', 'bpmn-moddle, no diagram');
}

async function blackBoxAndConversation() {
  const moddle = new BpmnModdle();
  const b = builder(moddle);
  b.add('bpmn:StartEvent', { id: 'Start_B', name: 'Stock low' });
  b.add('bpmn:SendTask', { id: 'Task_RequestQuote', name: 'Request quote' });
  b.add('bpmn:ReceiveTask', { id: 'Task_GetQuote', name: 'Receive quote' });
  b.add('bpmn:Task', { id: 'Task_Compare', name: 'Compare quotes' });
  const signal = moddle.create('bpmn:Signal', { id: 'Signal_Stock', name: 'Stock ordered' });
  const error = moddle.create('bpmn:Error', { id: 'Error_NoQuote', name: 'No quote',
    errorCode: 'NO_QUOTE' });
  const message = moddle.create('bpmn:Message', { id: 'Message_Quote', name: 'Quote' });
  b.add('bpmn:EndEvent', { id: 'End_Signal', name: 'Stock ordered',
    eventDefinitions: [moddle.create('bpmn:SignalEventDefinition', { id: 'Def_Signal',
      signalRef: signal })] });
  b.add('bpmn:BoundaryEvent', { id: 'Bnd_NoQuote', name: 'No quote', attachedToRef: b.byId.Task_GetQuote,
    eventDefinitions: [moddle.create('bpmn:ErrorEventDefinition', { id: 'Def_Error', errorRef: error })] });
  b.add('bpmn:EndEvent', { id: 'End_NoQuote', name: 'Gave up' });
  b.connect('Flow_B1', 'Start_B', 'Task_RequestQuote');
  b.connect('Flow_B2', 'Task_RequestQuote', 'Task_GetQuote');
  b.connect('Flow_B3', 'Task_GetQuote', 'Task_Compare');
  b.connect('Flow_B4', 'Task_Compare', 'End_Signal');
  b.connect('Flow_B5', 'Bnd_NoQuote', 'End_NoQuote');
  const proc = moddle.create('bpmn:Process', { id: 'Process_Buyer', isExecutable: false,
    flowElements: b.elements });
  const supplier = moddle.create('bpmn:Participant', { id: 'Participant_Supplier', name: 'Supplier' });
  const buyer = moddle.create('bpmn:Participant', { id: 'Participant_Buyer', name: 'Buyer',
    processRef: proc });
  const collaboration = moddle.create('bpmn:Collaboration', {
    id: 'Collaboration_Quote',
    participants: [supplier, buyer],
    messageFlows: [
      moddle.create('bpmn:MessageFlow', { id: 'Msg_Request', name: 'Quote request',
        sourceRef: b.byId.Task_RequestQuote, targetRef: supplier }),
      moddle.create('bpmn:MessageFlow', { id: 'Msg_Quote', name: 'Quote', messageRef: message,
        sourceRef: supplier, targetRef: b.byId.Task_GetQuote }),
    ],
    conversations: [moddle.create('bpmn:Conversation', { id: 'Conv_Quote', name: 'Quotation' })],
  });
  collaboration.conversationLinks = [
    moddle.create('bpmn:ConversationLink', { id: 'Link_Buyer', sourceRef: buyer,
      targetRef: collaboration.conversations[0] }),
  ];
  const definitions = moddle.create('bpmn:Definitions', { id: 'Definitions_Quote',
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    rootElements: [collaboration, proc, signal, error, message] });
  await writeModdle(moddle, definitions, 'black-box-conversation.bpmn', 'bpmn-moddle, no diagram');
}

async function supportLaidOut() {
  const moddle = new BpmnModdle();
  const b = builder(moddle);
  b.add('bpmn:StartEvent', { id: 'Start_S', name: 'Ticket opened' });
  b.add('bpmn:UserTask', { id: 'Task_Log', name: 'Log ticket' });
  b.add('bpmn:ExclusiveGateway', { id: 'Gw_Known', name: 'Known issue?' });
  b.add('bpmn:SendTask', { id: 'Task_Kb', name: 'Send known fix' });
  b.add('bpmn:EndEvent', { id: 'End_Kb', name: 'Fix sent' });
  b.add('bpmn:UserTask', { id: 'Task_Triage', name: 'Triage' });
  const inner = builder(moddle);
  inner.add('bpmn:StartEvent', { id: 'Fix_Start' });
  inner.add('bpmn:Task', { id: 'Task_Reproduce', name: 'Reproduce' });
  inner.add('bpmn:Task', { id: 'Task_Patch', name: 'Write patch' });
  inner.add('bpmn:Task', { id: 'Task_Test', name: 'Test patch' });
  inner.add('bpmn:EndEvent', { id: 'Fix_End' });
  inner.connect('Flow_F1', 'Fix_Start', 'Task_Reproduce');
  inner.connect('Flow_F2', 'Task_Reproduce', 'Task_Patch');
  inner.connect('Flow_F3', 'Task_Patch', 'Task_Test');
  inner.connect('Flow_F4', 'Task_Test', 'Fix_End');
  b.add('bpmn:SubProcess', { id: 'Sub_Fix', name: 'Fix issue', flowElements: inner.elements });
  b.add('bpmn:Task', { id: 'Task_Close', name: 'Close ticket' });
  b.add('bpmn:EndEvent', { id: 'End_Closed', name: 'Ticket closed' });
  b.connect('Flow_S1', 'Start_S', 'Task_Log');
  b.connect('Flow_S2', 'Task_Log', 'Gw_Known');
  b.connect('Flow_S3', 'Gw_Known', 'Task_Kb', { name: 'yes' });
  b.connect('Flow_S4', 'Task_Kb', 'End_Kb');
  b.connect('Flow_S5', 'Gw_Known', 'Task_Triage', { name: 'no' });
  b.connect('Flow_S6', 'Task_Triage', 'Sub_Fix');
  b.connect('Flow_S7', 'Sub_Fix', 'Task_Close');
  b.connect('Flow_S8', 'Task_Close', 'End_Closed');
  const proc = moddle.create('bpmn:Process', { id: 'Process_Support', name: 'Issue to resolution',
    isExecutable: false, flowElements: b.elements });
  const definitions = moddle.create('bpmn:Definitions', { id: 'Definitions_Support',
    targetNamespace: 'http://bpmn.io/schema/bpmn', rootElements: [proc] });
  const { xml } = await moddle.toXML(definitions, { format: true });
  const laidOut = await layoutProcess(xml);
  writeFileSync(join(out, 'auto-layout-support.bpmn'), laidOut + '\n');
  console.log('wrote auto-layout-support.bpmn (bpmn-moddle + bpmn-auto-layout)');
}

await drawWithModeler();
await purchaseWithoutDiagram();
await blackBoxAndConversation();
await supportLaidOut();
