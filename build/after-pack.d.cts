/** Types of after-pack.cjs, for the tests (plain Node, no electron-builder). */
import type { FuseConfig, FuseV1Options, FuseVersion } from '@electron/fuses';

export interface FusesModule {
  readonly FuseVersion: typeof FuseVersion;
  readonly FuseV1Options: typeof FuseV1Options;
  flipFuses(path: string, config: FuseConfig): Promise<unknown>;
}

export type FuseWire = FuseConfig & { readonly resetAdHocDarwinSignature: boolean };

export interface PackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly packager: {
    readonly appInfo: { readonly productFilename: string };
    readonly executableName?: string;
  };
}

export function fuseConfigFor(
  fuses: Pick<FusesModule, 'FuseVersion' | 'FuseV1Options'>,
  electronPlatformName: string,
  arch: number,
): FuseWire;
export function electronBinaryPath(context: PackContext): string;
export function afterPackWith(
  context: PackContext,
  fuses: FusesModule,
): Promise<{ target: string; config: FuseWire }>;
export function afterPack(context: PackContext): Promise<void>;
export default afterPack;
