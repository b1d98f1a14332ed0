// Differential check: validates a staged submission's tables with the npm
// package `tableschema` (Frictionless' JavaScript implementation) and
// prints the rejected rows as "table,row" lines, sorted.
//
// Usage: node tableschema_diff.js SCHEMA_DIR TABLE_DIR PROGRAMME PERIOD
//
// tableschema-js speaks Table Schema v1, so tip's extensions are mapped:
// - type "list" (v2) becomes a string with an anchored pattern built from
//   itemConstraints.enum and the delimiter (min 1 item);
// - "tipScope": "programme" is applied by giving the relation only the
//   programme's rows of programme_countries;
// - tipRowRules (compare, inPeriod) are checked here on rows that cast;
// - patterns are anchored here, as the spec says (tableschema-js does not).
'use strict'
const fs = require('fs')
const path = require('path')
const { Table } = require('tableschema')

const [schemaDir, tableDir, programme, period] = process.argv.slice(2)

function esc (s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }

function adapt (schema) {
  const s = JSON.parse(JSON.stringify(schema))
  for (const f of s.fields) {
    if (f.type === 'list') {
      const items = ((f.itemConstraints || {}).enum || []).map(esc)
      const item = items.length ? '(' + items.join('|') + ')' : '[^' + esc(f.delimiter || ',') + ']+'
      f.type = 'string'
      f.constraints = Object.assign({}, f.constraints || {})
      delete f.constraints.minLength
      delete f.constraints.maxLength
      f.constraints.pattern = item + '(' + esc(f.delimiter || ',') + item + ')*'
      delete f.itemConstraints
      delete f.itemType
      delete f.delimiter
    }
  }
  // tableschema-js 1.12 runs patterns unanchored (new RegExp(p).exec);
  // the Table Schema spec and tip anchor them at both ends.
  for (const f of s.fields) {
    if (f.constraints && f.constraints.pattern) f.constraints.pattern = '^(?:' + f.constraints.pattern + ')$'
  }
  for (const fk of s.foreignKeys || []) delete fk.tipScope
  delete s.tipRowRules
  return s
}

function days (iso) { return Date.parse(iso + 'T00:00:00Z') / 86400000 }

function periodDays (p) {
  const y = +p.slice(0, 4)
  const q = +p.slice(5, 6)
  const first = Date.UTC(y, 3 * q - 3, 1) / 86400000
  const last = Date.UTC(y, 3 * q, 1) / 86400000 - 1
  return [first, last]
}

function value (v) {
  if (v instanceof Date) return v.getTime() / 86400000
  if (v && typeof v === 'object' && 'toNumber' in v) return v.toNumber()
  if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) return +v.slice(0, 4) * 12 + +v.slice(5, 7)
  return v
}

function ruleFails (rules, names, row) {
  const get = (n) => row[names.indexOf(n)]
  for (const r of rules || []) {
    if (r.check === 'compare') {
      const a = get(r.left)
      const b = get(r.right)
      if (a === null || b === null || a === undefined || b === undefined) continue
      const x = value(a)
      const y = value(b)
      const ok = { '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '==': x === y, '!=': x !== y }[r.op]
      if (!ok) return true
    } else if (r.check === 'inPeriod') {
      const d = get(r.field)
      if (d === null || d === undefined) continue
      const [first, last] = periodDays(period)
      const x = Math.round(value(d))
      if (x < first - (r.lagDays || 0) || x > last) return true
    }
  }
  return false
}

async function reference (name) {
  const t = await Table.load(path.join(schemaDir, 'reference', name + '.csv'), { headers: 1, delimiter: ',' })
  return t.read({ keyed: true, cast: false })
}

async function main () {
  const out = []
  const files = fs.readdirSync(tableDir).filter((f) => f.endsWith('.csv')).sort()
  for (const file of files) {
    const name = file.slice(0, -4)
    const schemaPath = path.join(schemaDir, name + '.json')
    if (!fs.existsSync(schemaPath)) continue
    const raw = JSON.parse(fs.readFileSync(schemaPath, 'utf8'))
    const relations = {}
    for (const fk of raw.foreignKeys || []) {
      let rows = await reference(fk.reference.resource)
      if (fk.tipScope === 'programme') rows = rows.filter((r) => r.programme === programme)
      relations[fk.reference.resource] = rows
    }
    const table = await Table.load(path.join(tableDir, file), { schema: adapt(raw), headers: 1, delimiter: ',' })
    const names = table.schema.fieldNames
    const it = await table.iter({ forceCast: true, relations, extended: true })
    let n = 1
    for await (const v of it) {
      n++
      if (v instanceof Error) {
        out.push(name + ',' + (v.rowNumber || n))
      } else if (ruleFails(raw.tipRowRules, names, v[2])) {
        out.push(name + ',' + v[0])
      }
    }
  }
  out.sort()
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''))
}

main().catch((e) => { console.error('tableschema_diff: ' + (e.stack || e)); process.exit(70) })
