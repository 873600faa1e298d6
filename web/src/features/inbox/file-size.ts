import { useIntl } from 'react-intl';

/** Bytes as B, kB or MB in the reader's locale (a message's file, an e-mail's attachments). */
export function useFileSize(): (bytes: number) => string {
  const intl = useIntl();
  return (bytes) => {
    const [value, unit] =
      bytes < 1024
        ? [bytes, 'byte']
        : bytes < 1024 * 1024
          ? [bytes / 1024, 'kilobyte']
          : [bytes / 1024 ** 2, 'megabyte'];
    return intl.formatNumber(value, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 });
  };
}
