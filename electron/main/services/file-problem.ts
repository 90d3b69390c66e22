/**
 * What went wrong with a file, in words, from a Node file-system error: "the disk is full", not
 * "ENOSPC". For sentences the user reads; the code itself goes to the log.
 */
const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'Obyte Light is not allowed to use it',
  EPERM: 'Obyte Light is not allowed to use it',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  EBUSY: 'another program is using it',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'the disk could not be read or written',
  ENAMETOOLONG: 'its name is too long',
};

export function fileProblem(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return WORDS[code] ?? 'the system refused';
}
