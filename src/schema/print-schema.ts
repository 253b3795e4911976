import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { RESOLVERS } from '../app/app.module';

/**
 * Writes the code-first schema to schema.gql, or with --check fails when the committed file
 * differs from what the code generates (the schema is a public contract: changes are reviewed).
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  await app.close();
  const text = `${printSchema(lexicographicSortSchema(schema))}\n`;
  const file = resolve(__dirname, '../../../schema.gql');
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== text) {
      console.error('schema.gql is out of date with the code: run `npm run schema:generate` and commit it.');
      process.exit(1);
    }
    console.log('schema.gql matches the code');
    return;
  }
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
