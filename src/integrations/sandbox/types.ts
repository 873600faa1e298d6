/** A request a sandbox channel made. `path` is relative to the sandbox base URL (starts with '/', query kept). */
export interface EmulatorRequest {
  method: string;
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  /** The JSON body parsed (undefined when there is none or it is not JSON). */
  body: unknown;
}

/** The emulated platform's answer: HTTP status and JSON body in the platform's real shape. */
export interface EmulatorResponse {
  status: number;
  body: unknown;
  /** A file's bytes instead of JSON (media downloads: media.emulator.ts); `body` then describes it for the record. */
  file?: { bytes: Buffer; contentType: string };
}

/** One platform's stand-in send API. Pure apart from generated ids. */
export type Emulator = (req: EmulatorRequest) => EmulatorResponse;
