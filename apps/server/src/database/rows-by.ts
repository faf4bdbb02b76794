import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import { IDS_PER_QUERY, inChunks } from './chunks.js';

/**
 * Rows of an entity where one column equals a value, as entities (the same values TypeORM's
 * find gives: JSON parsed, dates and booleans as such), through one plain statement. Building a
 * find query costs more than running it; a reconnect storm of ten thousand players does this
 * for every handshake and hello (bench:fanout).
 */
export async function rowsBy<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  column: keyof T & string,
  value: unknown,
  properties?: readonly (keyof T & string)[],
): Promise<T[]> {
  const metadata = dataSource.getMetadata(target);
  const where = columnOf(metadata, column);
  const columns = properties
    ? properties.map((p) => columnOf(metadata, p))
    : // as find reads them: not the ones kept out of selects, nor those computed by a subquery
      metadata.columns.filter((c) => c.isSelect && !c.isVirtualProperty);
  const { driver } = dataSource;
  const sql =
    `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(metadata.tableName)} ` +
    `WHERE ${driver.escape(where.databaseName)} = ${driver.createParameter('value', 0)}`;
  const raws = await dataSource.query<Record<string, unknown>[]>(sql, [driver.preparePersistentValue(value, where)]);
  return raws.map((raw) => {
    const entity = metadata.create() as T;
    for (const c of columns) {
      (entity as Record<string, unknown>)[c.propertyName] = driver.prepareHydratedValue(raw[c.databaseName], c);
    }
    return entity;
  });
}

/**
 * Sets some columns of one row, by id, through one plain statement (values stored as TypeORM
 * stores them, the update date set as its update would). Presence writes thousands of rows a
 * second while players reconnect; building an update query per row cost more than running it.
 */
export async function updateById<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  columns: Partial<T>,
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const values: unknown[] = [];
  const sets: string[] = [];
  const set = (column: ColumnMetadata, value: unknown) => {
    sets.push(`${driver.escape(column.databaseName)} = ${driver.createParameter(`v${values.length}`, values.length)}`);
    values.push(driver.preparePersistentValue(value, column));
  };
  for (const [property, value] of Object.entries(columns)) set(columnOf(metadata, property), value);
  if (metadata.updateDateColumn && !(metadata.updateDateColumn.propertyName in columns)) {
    set(metadata.updateDateColumn, new Date());
  }
  const primary = metadata.primaryColumns[0];
  const where = `${driver.escape(primary.databaseName)} = ${driver.createParameter('id', values.length)}`;
  values.push(id);
  await manager.query(`UPDATE ${driver.escape(metadata.tableName)} SET ${sets.join(', ')} WHERE ${where}`, values);
}

/**
 * Inserts rows, or, where a row with the same key is there, sets its other columns, through
 * plain multi-row statements. A push to ten thousand screens stores ten thousand playlist
 * versions; TypeORM's insert builder spent three quarters of that time building the query.
 * Every row gives the same properties.
 */
export async function upsertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly Partial<T>[],
  key: keyof T & string,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const properties = Object.keys(rows[0]);
  const columns = properties.map((p) => columnOf(metadata, p));
  const names = columns.map((c) => driver.escape(c.databaseName));
  const conflict = driver.escape(columnOf(metadata, key).databaseName);
  const updates = columns
    .filter((c) => c.propertyName !== key)
    .map((c) => `${driver.escape(c.databaseName)} = excluded.${driver.escape(c.databaseName)}`);
  const onConflict = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
  // as many parameters a statement as an IN list has ids: well inside both engines' limits
  for (const chunk of inChunks(rows, Math.floor(IDS_PER_QUERY / columns.length))) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const placeholders = columns.map((column, i) => {
        values.push(driver.preparePersistentValue((row as Record<string, unknown>)[properties[i]], column));
        return driver.createParameter(`p${values.length}`, values.length - 1);
      });
      tuples.push(`(${placeholders.join(', ')})`);
    }
    await manager.query(
      `INSERT INTO ${driver.escape(metadata.tableName)} (${names.join(', ')}) VALUES ${tuples.join(', ')} ` +
        `ON CONFLICT (${conflict}) ${onConflict}`,
      values,
    );
  }
}

/** The rows a plain SELECT gives where `column` is one of the ids, asked IDS_PER_QUERY ids at a time. */
export async function selectWhereIn<T>(
  dataSource: DataSource,
  select: string,
  column: string,
  ids: readonly string[],
): Promise<T[]> {
  const rows: T[] = [];
  for (const chunk of inChunks(ids)) {
    const list = chunk.map((_, i) => dataSource.driver.createParameter(`p${i}`, i)).join(', ');
    rows.push(
      ...(await dataSource.query<T[]>(`${select} WHERE ${dataSource.driver.escape(column)} IN (${list})`, chunk)),
    );
  }
  return rows;
}

function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  return column;
}
