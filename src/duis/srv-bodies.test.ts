// The SRV body shapes: complete, consistent with the catalogue, and (when
// the third-party corpus is beside the project) covering every element of
// every RTDS request template, which the shapes were derived from.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { allSrvs, findSrv } from '../domain/srv-catalogue.ts';
import {
  allSrvBodies,
  dccAlertEventNames,
  type ElementShape,
  elementPaths,
  findSrvBody,
  isLeafKind,
  messageShape,
  shapeLeaves,
} from './srv-bodies.ts';
import { childElement, parseXmlTree, type XmlElement } from './xml-tree.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = join(
  PROJECT_ROOT,
  '../shared/fixtures/duis/duis-templates/templates',
);
const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';

const MESSAGES = [
  'SignedPreCommand',
  'ResponseMessage',
  'DeviceAlertMessage',
  'DCCAlertMessage',
  'SMETS1ResponseMessage',
] as const;

function allShapes(): ElementShape[] {
  return [
    ...allSrvBodies().map((body) => body.shape),
    ...MESSAGES.map((name) => messageShape(name)),
  ];
}

function eachElement(shape: ElementShape, visit: (s: ElementShape) => void) {
  visit(shape);
  for (const child of shape.children ?? []) eachElement(child, visit);
}

describe('the SRV body shapes', () => {
  it('describe all 129 SRVs, each under the catalogue’s body element', () => {
    const bodies = allSrvBodies();
    assert.equal(bodies.length, 129);
    assert.deepEqual(
      bodies.map((body) => body.srv),
      allSrvs().map((srv) => srv.srv),
    );
    for (const body of bodies) {
      assert.equal(body.bodyElement, findSrv(body.srv)?.bodyElement);
      assert.equal(body.shape.name, body.bodyElement);
      assert.ok(body.derivation.length > 10, `${body.srv} says where from`);
    }
  });

  it('give every leaf and attribute a known kind', () => {
    for (const shape of allShapes()) {
      for (const leaf of shapeLeaves(shape)) {
        assert.ok(isLeafKind(leaf.kind), `${leaf.path}: ${leaf.kind}`);
      }
    }
  });

  it('name only optional children of their own in each choice', () => {
    for (const shape of allShapes()) {
      eachElement(shape, (element) => {
        for (const options of element.choices ?? []) {
          assert.ok(options.length >= 2, element.name);
          for (const option of options) {
            const child = element.children?.find((c) => c.name === option);
            assert.equal(child?.optional, true, `${element.name}/${option}`);
          }
        }
      });
    }
  });

  it('let every future-dated SRV carry an optional ExecutionDateTime first', () => {
    for (const srv of allSrvs().filter((s) => s.futureDated !== null)) {
      const first = findSrvBody(srv.srv)?.shape.children?.[0];
      assert.equal(first?.name, 'ExecutionDateTime', srv.srv);
      assert.equal(first?.optional, true, srv.srv);
    }
  });

  it('model the DCC alert events inside DCCAlertMessage/DCCAlert', () => {
    const events = dccAlertEventNames();
    assert.ok(events.includes('PowerOutageEvent'));
    assert.ok(events.length >= 10);
  });

  it('answer undefined for an SRV DUIS does not define', () => {
    assert.equal(findSrvBody('99.9'), undefined);
  });
});

/** Element paths (and attribute paths) of a parsed body element. */
function xmlPaths(element: XmlElement, base = ''): string[] {
  const path = base === '' ? element.name : `${base}/${element.name}`;
  const out = [path];
  for (const name of Object.keys(element.attributes))
    out.push(`${path}/@${name}`);
  for (const child of element.children) out.push(...xmlPaths(child, path));
  return out;
}

function shapePaths(shape: ElementShape): Set<string> {
  const paths = new Set(elementPaths(shape));
  for (const leaf of shapeLeaves(shape)) paths.add(leaf.path);
  return paths;
}

/** The SRV and body element of an RTDS template. */
function templateBody(xml: string): { srv: string; body: XmlElement } {
  const root = parseXmlTree(xml);
  const header = childElement(root, SR, 'Header')!;
  const srv = childElement(header, SR, 'ServiceReferenceVariant')!.text;
  const body = childElement(root, SR, 'Body')!.children[0]!;
  return { srv: srv.trim(), body };
}

describe(
  'the SRV body shapes against the RTDS request templates',
  existsSync(TEMPLATES)
    ? {}
    : {
        skip:
          'the third-party DUIS corpus is not beside the project ' +
          `(looked for ${TEMPLATES})`,
      },
  () => {
    it('hold every element and attribute of every template', () => {
      const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.XML'));
      const missing: string[] = [];
      for (const file of files) {
        const { srv, body } = templateBody(
          readFileSync(join(TEMPLATES, file), 'utf8'),
        );
        const known = shapePaths(findSrvBody(srv)!.shape);
        for (const path of xmlPaths(body)) {
          if (!known.has(path)) missing.push(`${file}: ${path}`);
        }
      }
      assert.ok(files.length > 200, `only ${files.length} templates`);
      assert.deepEqual(missing, []);
    });
  },
);
