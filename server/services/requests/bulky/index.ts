/** The bulky waste kind: importing this registers its hooks and its round-sheet jobs. */
import './jobs.ts';
export { amendBulky, bookBulky, bookingByReference, type AmendInput, type BookingInput } from './bookings.ts';
export { bulkyProperty, bulkySlots } from './places.ts';
