import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invitationRefusal, leavesNoAdmin } from '../src/members/index.ts';

test('the last admin can be neither demoted nor removed (BR-MEM-1)', () => {
  assert.equal(leavesNoAdmin(1, 'admin', 'member'), true);
  assert.equal(leavesNoAdmin(1, 'admin', undefined), true);
  assert.equal(leavesNoAdmin(2, 'admin', 'member'), false);
  assert.equal(leavesNoAdmin(1, 'member', undefined), false, 'removing a member leaves the admin');
  assert.equal(leavesNoAdmin(1, 'admin', 'admin'), false);
});

test('an invitation is accepted once, within 7 days, by the invited address (BR-MEM-3)', () => {
  const invitation = { email: 'Ada@example.com', createdAt: new Date('2027-01-04T09:00:00Z'), acceptedAt: null };
  assert.equal(invitationRefusal(invitation, 'ada@example.com', new Date('2027-01-06T09:00:00Z')), undefined);
  assert.equal(
    invitationRefusal(invitation, 'bob@example.com', new Date('2027-01-06T09:00:00Z')),
    'INVITATION_NOT_FOR_YOU',
  );
  assert.equal(
    invitationRefusal(invitation, 'ada@example.com', new Date('2027-01-11T09:01:00Z')),
    'INVITATION_EXPIRED',
  );
  const accepted = { ...invitation, acceptedAt: new Date('2027-01-05T09:00:00Z') };
  assert.equal(invitationRefusal(accepted, 'ada@example.com', new Date('2027-01-06T09:00:00Z')), 'INVITATION_USED');
});
