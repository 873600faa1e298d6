import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from './openapi-document.ts';

/**
 * The web app's API types (`web/src/api/schema.d.ts`) as openapi-typescript generates them from
 * the OpenAPI document served at `/openapi.json`, with a header saying how to regenerate.
 */
export async function generateWebApiTypes(): Promise<string> {
  const doc = await buildOpenApiDocument();
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript takes its own OpenAPI3 type
  const ast = await openapiTS(doc as any, { alphabetize: true });
  return `// Generated from /openapi.json by \`npm run gen:api\` (openapi-typescript). Do not edit.\n\n${astToString(ast)}`;
}
