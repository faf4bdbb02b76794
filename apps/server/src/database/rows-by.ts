import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

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
  const where = metadata.findColumnWithPropertyName(column);
  if (!where) throw new Error(`${metadata.name} has no column ${column}`);
  const columns = properties
    ? properties.map((p) => {
        const found = metadata.findColumnWithPropertyName(p);
        if (!found) throw new Error(`${metadata.name} has no column ${p}`);
        return found;
      })
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
