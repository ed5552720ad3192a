export { crc32, crc32Table } from './crc32.ts';
export { bookChecksum, checksumDigits, checksumInput, CHECKSUM_LEVELS, type BookLevel } from './checksum.ts';
export {
  BOOK_DEPTHS,
  isBookDepth,
  OrderBook,
  OrderBookError,
  type BookDepth,
  type BookLevelsInput,
  type BookSide,
  type ChecksumCheck,
  type OrderBookOptions,
} from './order-book.ts';
