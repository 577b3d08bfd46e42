// An independent Confluent-format client (kafkajs + @kafkajs/confluent-schema-registry) that shares
// no code with Attune: WireFormatInteropIT drives it to prove our wire format from another language.
//
//   node wire-client.mjs produce <bootstrap> <registry-url> <topic> <schemas-dir> <click-event-json>
//     registers the ClickEvent schema read from the .avsc files under <topic>-value, encodes the
//     event with it and produces it keyed by its userId; prints {"schemaId": N}
//   node wire-client.mjs consume <bootstrap> <registry-url> <topic> <count>
//     reads <count> records from the start of <topic> and decodes them through the registry;
//     prints [{"key", "magic", "schemaId", "value"}, ...]
//
// Only the result goes to stdout (one JSON document); diagnostics go to stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import registryPkg from '@kafkajs/confluent-schema-registry';

const { Kafka, logLevel } = kafkajs;
const { SchemaRegistry, SchemaType } = registryPkg;
const TIMEOUT_MS = 60_000;

// ClickEvent.avsc names the shared EventKind enum, defined in its own file (as the Java build
// imports it). A registry schema must be self-contained, so the enum is inlined where it is used.
function clickEventSchema(schemasDir) {
  const clickEvent = JSON.parse(readFileSync(join(schemasDir, 'ClickEvent.avsc'), 'utf8'));
  const eventKind = JSON.parse(readFileSync(join(schemasDir, 'common', 'EventKind.avsc'), 'utf8'));
  const eventKindName = `${eventKind.namespace}.${eventKind.name}`;
  clickEvent.fields = clickEvent.fields.map((field) =>
    field.type === eventKind.name || field.type === eventKindName ? { ...field, type: eventKind } : field);
  return clickEvent;
}

function kafka(bootstrap) {
  return new Kafka({
    clientId: 'attune-wire-client',
    brokers: bootstrap.split(','),
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, label, log }) => console.error(`[kafkajs ${label}] ${namespace}: ${log.message}`),
  });
}

async function produce(bootstrap, registryUrl, topic, schemasDir, eventJson) {
  const registry = new SchemaRegistry({ host: registryUrl });
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(clickEventSchema(schemasDir)) },
    { subject: `${topic}-value` });
  const event = JSON.parse(eventJson);
  const value = await registry.encode(id, event);
  const producer = kafka(bootstrap).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: event.userId, value }] });
  } finally {
    await producer.disconnect();
  }
  return { schemaId: id };
}

async function consume(bootstrap, registryUrl, topic, count) {
  const registry = new SchemaRegistry({ host: registryUrl });
  const consumer = kafka(bootstrap).consumer({ groupId: `wire-client-${process.pid}-${Date.now()}` });
  await consumer.connect();
  const records = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${records.length} of ${count} records within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      consumer.run({
        eachMessage: async ({ message }) => {
          records.push({
            key: message.key === null ? null : message.key.toString('utf8'),
            magic: message.value[0],
            schemaId: message.value.readInt32BE(1),
            value: await registry.decode(message.value),
          });
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

const [command, ...args] = process.argv.slice(2);
const commands = { produce, consume: (b, r, t, c) => consume(b, r, t, Number(c)) };
if (!commands[command]) {
  console.error('usage: wire-client.mjs produce|consume ...');
  process.exit(2);
}
try {
  const result = await commands[command](...args);
  // BigInt never appears (avsc reads Avro longs as numbers), so plain JSON is exact here.
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (error) {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
}
