-- Demo data for `keel db seed` and `keel serve --demo` (`npm start`): two organisations, a user holding each role in
-- each, resources, bookings over the coming weeks, and an API key. Fixed ids, so keel.yaml's demo principals and the
-- README's examples name them; every insert skips rows that exist, so seeding again changes nothing.
--
-- Acme Rooms  10000000-0000-4000-8000-000000000001
--   Ada   00000000-0000-4000-8000-00000000a001  admin
--   Ben   00000000-0000-4000-8000-00000000a002  admin
--   Carl  00000000-0000-4000-8000-00000000a003  member
--   Dana  00000000-0000-4000-8000-00000000a004  member
--   API key "Lobby display": bk_demoLobbyDisplayOfAcmeRooms0000000000000000 (public: demo data only)
-- Globex      10000000-0000-4000-8000-000000000002
--   Greta 00000000-0000-4000-8000-00000000b001  admin
--   Hal   00000000-0000-4000-8000-00000000b002  member
-- Nina  00000000-0000-4000-8000-00000000c001, signed in, in no organisation (she can create one)

insert into users (id, email) values
  ('00000000-0000-4000-8000-00000000a001', 'ada@acme-rooms.example'),
  ('00000000-0000-4000-8000-00000000a002', 'ben@acme-rooms.example'),
  ('00000000-0000-4000-8000-00000000a003', 'carl@acme-rooms.example'),
  ('00000000-0000-4000-8000-00000000a004', 'dana@acme-rooms.example'),
  ('00000000-0000-4000-8000-00000000b001', 'greta@globex.example'),
  ('00000000-0000-4000-8000-00000000b002', 'hal@globex.example'),
  ('00000000-0000-4000-8000-00000000c001', 'nina@example.com')
on conflict do nothing;

insert into organisations (id, name, slug) values
  ('10000000-0000-4000-8000-000000000001', 'Acme Rooms', 'acme-rooms'),
  ('10000000-0000-4000-8000-000000000002', 'Globex', 'globex')
on conflict do nothing;

insert into memberships (org_id, user_id, role, created_at) values
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-00000000a001', 'admin', now() - interval '90 days'),
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-00000000a002', 'admin', now() - interval '60 days'),
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-00000000a003', 'member', now() - interval '30 days'),
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-00000000a004', 'member', now() - interval '20 days'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-00000000b001', 'admin', now() - interval '45 days'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-00000000b002', 'member', now() - interval '10 days')
on conflict do nothing;

-- An invitation Nina can accept (within 7 days of the seeding that created it).
insert into invitations (id, org_id, email, role, invited_by) values
  ('30000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'nina@example.com', 'member',
   '00000000-0000-4000-8000-00000000a001')
on conflict do nothing;

insert into resources (id, org_id, name, description, created_at, archived_at) values
  ('20000000-0000-4000-8000-0000000000a1', '10000000-0000-4000-8000-000000000001', 'Room 1', 'Seats 8, projector',
   now() - interval '80 days', null),
  ('20000000-0000-4000-8000-0000000000a2', '10000000-0000-4000-8000-000000000001', 'Room 2', 'Seats 4, whiteboard',
   now() - interval '79 days', null),
  ('20000000-0000-4000-8000-0000000000a3', '10000000-0000-4000-8000-000000000001', 'Desk 4', 'By the window',
   now() - interval '78 days', null),
  ('20000000-0000-4000-8000-0000000000a4', '10000000-0000-4000-8000-000000000001', 'Van 1', 'Seats 3, 800 kg payload',
   now() - interval '77 days', null),
  ('20000000-0000-4000-8000-0000000000a0', '10000000-0000-4000-8000-000000000001', 'Room 0', 'Closed for works',
   now() - interval '85 days', now() - interval '5 days'),
  ('20000000-0000-4000-8000-0000000000b1', '10000000-0000-4000-8000-000000000002', 'Van 1', 'Refrigerated',
   now() - interval '40 days', null),
  ('20000000-0000-4000-8000-0000000000b2', '10000000-0000-4000-8000-000000000002', 'Boardroom', 'Seats 14',
   now() - interval '39 days', null)
on conflict do nothing;

-- Bookings over the next four weeks, from tomorrow. Ids derive from the resource and the day, and the exclusion
-- constraint's conflicts are skipped too, so a later seeding adds only what does not overlap.
insert into bookings (id, org_id, resource_id, created_by, starts_at, ends_at, notes)
select md5('room-1-' || day)::uuid, '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a1',
  '00000000-0000-4000-8000-00000000a003', date_trunc('day', now()) + day * interval '1 day' + interval '9 hours',
  date_trunc('day', now()) + day * interval '1 day' + interval '10 hours', 'Team stand-up'
from generate_series(1, 28) as day
where extract(isodow from date_trunc('day', now()) + day * interval '1 day') < 6
on conflict do nothing;

insert into bookings (id, org_id, resource_id, created_by, starts_at, ends_at, notes)
select md5('room-2-' || day)::uuid, '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a2',
  '00000000-0000-4000-8000-00000000a001', date_trunc('day', now()) + day * interval '1 day' + interval '14 hours',
  date_trunc('day', now()) + day * interval '1 day' + interval '15 hours 30 minutes', 'Interviews'
from generate_series(2, 28, 3) as day
on conflict do nothing;

insert into bookings (id, org_id, resource_id, created_by, starts_at, ends_at, notes)
select md5('desk-4-' || day)::uuid, '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a3',
  '00000000-0000-4000-8000-00000000a004', date_trunc('day', now()) + day * interval '1 day' + interval '8 hours',
  date_trunc('day', now()) + day * interval '1 day' + interval '17 hours', null
from generate_series(1, 14) as day
on conflict do nothing;

insert into bookings (id, org_id, resource_id, created_by, starts_at, ends_at, notes)
values
  (md5('van-1-trip')::uuid, '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a4',
   '00000000-0000-4000-8000-00000000a003', date_trunc('day', now()) + interval '3 days 7 hours',
   date_trunc('day', now()) + interval '5 days 18 hours', 'Trade fair in Lyon'),
  (md5('globex-van-1')::uuid, '10000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-0000000000b1',
   '00000000-0000-4000-8000-00000000b002', date_trunc('day', now()) + interval '2 days 6 hours',
   date_trunc('day', now()) + interval '2 days 12 hours', 'Deliveries'),
  (md5('globex-boardroom-1')::uuid, '10000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-0000000000b2',
   '00000000-0000-4000-8000-00000000b001', date_trunc('day', now()) + interval '7 days 10 hours',
   date_trunc('day', now()) + interval '7 days 12 hours', 'Quarterly review')
on conflict do nothing;

-- A cancelled booking: its range is free again.
insert into bookings (id, org_id, resource_id, created_by, starts_at, ends_at, status, cancelled_at, notes)
values
  (md5('room-1-cancelled')::uuid, '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a1',
   '00000000-0000-4000-8000-00000000a004', date_trunc('day', now()) + interval '1 day 11 hours',
   date_trunc('day', now()) + interval '1 day 12 hours', 'cancelled', now(), 'Moved online')
on conflict do nothing;

-- Acme's lobby display: the secret above, stored as its SHA-256 hash and display prefix like any issued key.
insert into api_keys (id, org_id, name, prefix, hash, created_by) values
  ('40000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Lobby display', 'bk_demoL',
   encode(sha256(convert_to('bk_demoLobbyDisplayOfAcmeRooms0000000000000000', 'UTF8')), 'hex'),
   '00000000-0000-4000-8000-00000000a001')
on conflict do nothing;
