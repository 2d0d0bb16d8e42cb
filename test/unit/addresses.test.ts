import { expect, test } from 'bun:test';
import { addressKey, compareAddresses, escapeLike } from '../../server/domain/addresses.ts';

test('addresses sort by street, then building number naturally, then flat', () => {
  const shuffled = [
    '12 High Street, Demo', 'Flat 2, 10 High Street, Demo', '2 High Street, Demo', '10A High Street, Demo',
    '1 Acacia Avenue, Demo', 'Flat 10, 10 High Street, Demo', '10 High Street, Demo', 'Flat 1, 10 High Street, Demo',
    'The Old Rectory, Church Lane, Demo',
  ];
  expect([...shuffled].sort(compareAddresses)).toEqual([
    '1 Acacia Avenue, Demo',
    '2 High Street, Demo',
    '10 High Street, Demo',
    'Flat 1, 10 High Street, Demo',
    'Flat 2, 10 High Street, Demo',
    'Flat 10, 10 High Street, Demo',
    '10A High Street, Demo',
    '12 High Street, Demo',
    'The Old Rectory, Church Lane, Demo',
  ]);
});

test('the address key splits the premises from the street', () => {
  expect(addressKey('Flat 2, 10 High Street, Demo')).toEqual({ street: 'high street, demo', building: '10' });
  expect(addressKey('12A Mill Lane')).toEqual({ street: 'mill lane', building: '12A' });
  expect(addressKey('Rose Cottage, Mill Lane')).toEqual({ street: 'rose cottage, mill lane', building: '' });
});

test('LIKE metacharacters are escaped', () => {
  expect(escapeLike('100%_\\')).toBe('100\\%\\_\\\\');
});
