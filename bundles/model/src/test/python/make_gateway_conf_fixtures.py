#!/usr/bin/python3
"""
Writes the gateway.conf fixtures of the model tests, one per schema version 1..11, with Python's own
json.dumps(sort_keys=True, indent=4, separators=(',', ': ')) as upstream writes the object, and the result of
upstream's own migration of each (ceph_iscsi_config.common.Config._upgrade_config, Debian's ceph-iscsi 3.5) with
the cluster mocked away, the clock fixed at NOW and this host being node1 / node1.example.com.

Run from the repository root:  /usr/bin/python3 bundles/model/src/test/python/make_gateway_conf_fixtures.py
"""
import copy
import json
import os
import socket
from unittest import mock

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'gateway-conf')
NOW = '2026/11/23 12:00:00'
T1 = 'iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw'
T2 = 'iqn.2003-01.com.example.iscsi-gw:backup'
C1 = 'iqn.1994-05.com.redhat:rh7-client'
C2 = 'iqn.1994-05.com.redhat:rh8-client'
C3 = 'iqn.1998-01.com.vmware:esx1-4f1c2a3b'
IP1 = '192.168.100.201'
IP2 = '192.168.100.202'
WWN1 = '4fc1071d-7e2f-4df0-95c8-925a617e2d62'
WWN2 = '0b5f2d7a-1a39-4a07-b1cb-7f0d6cbd6a0e'
WWN3 = 'c2e4a0f6-9d1b-4a57-8b8e-2a0b1f6e3d11'


def dumps(doc):
    return json.dumps(doc, sort_keys=True, indent=4, separators=(',', ': '))


def ts(n):
    return '2018/12/07 09:18:%02d' % n


def disks_v3():
    return {
        'rbd.disk_1': {'controls': {'qfull_timeout': 18}, 'created': ts(4), 'image': 'disk_1', 'owner': 'node1',
                       'pool': 'rbd', 'pool_id': 7, 'updated': ts(5), 'wwn': WWN1},
        'rbd.disk_2': {'controls': {}, 'created': ts(14), 'image': 'disk_2', 'owner': 'node2',
                       'pool': 'rbd', 'pool_id': 7, 'updated': ts(15), 'wwn': WWN2},
        'iscsi-pool.db_vol': {'controls': {}, 'created': ts(16), 'image': 'db_vol', 'owner': 'node1',
                              'pool': 'iscsi-pool', 'pool_id': 9, 'updated': ts(17), 'wwn': WWN3},
    }


def gateway_v3(name, ip, other, luns, n):
    return {'active_luns': luns, 'created': ts(n), 'gateway_ip_list': [IP1, IP2], 'inactive_portal_ips': [other],
            'iqn': T1, 'portal_ip_address': ip, 'tpgs': 2, 'updated': ts(n + 1)}


def v1():
    return {
        'clients': {
            C1: {'auth': {'chap': 'myiscsiusername/myiscsipassword'}, 'created': ts(1),
                 'luns': {'rbd.disk_1': {'lun_id': 0}}, 'updated': ts(2)},
            C2: {'auth': {'chap': ''}, 'created': ts(20),
                 'luns': {'rbd.disk_2': {'lun_id': 1}}, 'updated': ts(21)},
        },
        'created': ts(3),
        'disks': disks_v3(),
        'epoch': 12,
        'gateways': {'created': ts(6), 'ip_list': [IP1, IP2], 'iqn': T1,
                     'node1': gateway_v3('node1', IP1, IP2, 2, 7),
                     'node2': gateway_v3('node2', IP2, IP1, 1, 9)},
        'updated': ts(13),
        'version': 1,
    }


def v2():
    doc = v1()
    doc['controls'] = {'immediate_data': False, 'nopin_response_timeout': 17}
    doc['version'] = 2
    doc['epoch'] = 15
    return doc


def v3():
    doc = v2()
    doc['clients'][C1]['group_name'] = 'mygroup'
    doc['clients'][C2]['group_name'] = ''
    doc['clients'][C1]['luns'] = {'rbd.disk_1': {'lun_id': 0}, 'iscsi-pool.db_vol': {'lun_id': 2}}
    doc['groups'] = {'mygroup': {'created': ts(11), 'disks': {'rbd.disk_1': {'lun_id': 0},
                                                                 'iscsi-pool.db_vol': {'lun_id': 2}},
                                 'members': [C1], 'updated': ts(12)}}
    doc['version'] = 3
    doc['epoch'] = 19
    return doc


def portal_v4(ip, other):
    return {'gateway_ip_list': [IP1, IP2], 'inactive_portal_ips': [other], 'portal_ip_address': ip, 'tpgs': 2}


def v4():
    """Multi-target layout: T1 migrated from v3, plus a second target T2 as a v4 gateway creates it."""
    doc = {
        'created': ts(3),
        'disks': disks_v3(),
        'discovery_auth': {'chap': 'discoveryuser/discoverypass1', 'chap_mutual': ''},
        'epoch': 23,
        'gateways': {'node1': {'active_luns': 2, 'created': ts(7), 'updated': ts(8)},
                     'node2': {'active_luns': 1, 'created': ts(9), 'updated': ts(10)}},
        'targets': {
            T1: {
                'clients': {
                    C1: {'auth': {'chap': 'myiscsiusername/myiscsipassword',
                                  'chap_mutual': 'mutualusername/mutualpassword'},
                         'group_name': 'mygroup',
                         'luns': {'rbd.disk_1': {'lun_id': 0}, 'iscsi-pool.db_vol': {'lun_id': 2}}},
                    C2: {'auth': {'chap': '', 'chap_mutual': ''}, 'group_name': '',
                         'luns': {'rbd.disk_2': {'lun_id': 1}}},
                },
                'controls': {'immediate_data': False, 'nopin_response_timeout': 17},
                'created': '2018/12/07 09:19:01',
                'disks': ['rbd.disk_2', 'iscsi-pool.db_vol', 'rbd.disk_1'],
                'groups': {'mygroup': {'disks': {'rbd.disk_1': {'lun_id': 0}, 'iscsi-pool.db_vol': {'lun_id': 2}},
                                       'members': [C1]}},
                'ip_list': [IP1, IP2],
                'portals': {'node1': portal_v4(IP1, IP2), 'node2': portal_v4(IP2, IP1)},
                'updated': '2018/12/07 09:19:02',
            },
            T2: {
                'clients': {
                    C3: {'auth': {'chap': 'esxinitiator01/esxsecret0123', 'chap_mutual': ''}, 'group_name': '',
                         'luns': {}},
                },
                'controls': {},
                'created': '2018/12/08 10:00:00',
                'disks': [],
                'groups': {},
                'ip_list': [IP2, IP1],
                'portals': {'node2': portal_v4(IP2, IP1), 'node1': portal_v4(IP1, IP2)},
                'updated': '2018/12/08 10:00:01',
            },
        },
        'updated': ts(13),
        'version': 4,
    }
    return doc


def upgraded_to(version):
    """The v4 document carried forward by hand to the given version, as an older upstream wrote it."""
    doc = v4()
    if version >= 5:
        for d in doc['disks'].values():
            d['backstore'] = 'user:rbd'
    if version >= 6:
        for t in doc['targets'].values():
            t['acl_enabled'] = True
        doc['targets'][T2]['acl_enabled'] = False
    if version >= 7:
        doc['disks'] = {k.replace('.', '/'): dict(v, backstore_object_name=k) for k, v in doc['disks'].items()}
        for t in doc['targets'].values():
            t['disks'] = [d.replace('.', '/') for d in t['disks']]
            for c in t['clients'].values():
                c['luns'] = {k.replace('.', '/'): v for k, v in c['luns'].items()}
            for g in t['groups'].values():
                g['disks'] = {k.replace('.', '/'): v for k, v in g['disks'].items()}
        doc['targets'][T2]['disks'] = ['rbd/disk_2']
        doc['disks']['rbd/disk_2']['allocating_host'] = 'node2'
    if version >= 8:
        doc['discovery_auth'] = chap('discoveryuser', 'discoverypass1', '', '')
        for t in doc['targets'].values():
            for c in t['clients'].values():
                c['auth'] = split(c['auth'])
        doc['targets'][T2]['clients'][C3]['luns'] = {'rbd/disk_2': {'lun_id': 0}}
    if version >= 9:
        for t in doc['targets'].values():
            for p in t['portals'].values():
                p['portal_ip_addresses'] = [p.pop('portal_ip_address')]
    if version >= 10:
        rename = {'node1': 'node1.example.com', 'node2': 'node2.example.com'}
        doc['gateways'] = {rename[k]: v for k, v in doc['gateways'].items()}
        for t in doc['targets'].values():
            t['portals'] = {rename[k]: v for k, v in t['portals'].items()}
        for d in doc['disks'].values():
            for f in ('owner', 'allocating_host'):
                if f in d:
                    d[f] = rename[d[f]]
    if version >= 11:
        for t in doc['targets'].values():
            t['auth'] = chap('', '', '', '')
            t['disks'] = {d: {'lun_id': i} for i, d in enumerate(sorted(t['disks']))}
        doc['targets'][T2]['auth'] = chap('targetuser01', 'targetsecret12', '', '')
    doc['version'] = version
    doc['epoch'] = 20 + version * 3
    return doc


def chap(u, p, mu, mp):
    return {'username': u, 'password': p, 'password_encryption_enabled': False,
            'mutual_username': mu, 'mutual_password': mp, 'mutual_password_encryption_enabled': False}


def split(auth):
    u, p = auth['chap'].split('/', 1) if '/' in auth['chap'] else ('', '')
    mu, mp = auth['chap_mutual'].split('/', 1) if '/' in auth['chap_mutual'] else ('', '')
    return chap(u, p, mu, mp)


def with_unknown_fields(doc):
    """A v11 document as a newer writer might leave it: fields we do not know at every level, and odd values."""
    doc = copy.deepcopy(doc)
    doc['zz_future_top'] = {'nested': [1, 2.5, None, True, 'x'], 'empty_obj': {}, 'empty_list': []}
    doc['discovery_auth']['future_flag'] = True
    doc['gateways']['node1.example.com']['future_weight'] = 0.0001
    doc['disks']['rbd/disk_1']['future_qos'] = {'iops': 1e16, 'ratio': 1.5e-07, 'big': 12345678901234567890}
    t = doc['targets'][T1]
    t['future_target'] = 'caf\u00e9 \u2603 \U0001F600 "quoted" \\ tab\there \u007f'
    t['auth']['future_auth'] = [1]
    t['portals']['node1.example.com']['future_portal'] = -0.0
    t['clients'][C1]['future_client'] = {'a': 1}
    t['clients'][C1]['auth']['future_chap'] = 'x'
    t['clients'][C1]['luns']['rbd/disk_1']['future_lun'] = 'y'
    t['groups']['mygroup']['future_group'] = 3
    t['disks']['rbd/disk_1']['future_tdisk'] = False
    t['controls']['future_control'] = 99
    doc['\u00e9t\u00e9'] = 'non-ascii key'
    doc['\U0001F600'] = 'astral key sorts after BMP'
    doc['\uffff'] = 'BMP key'
    return doc


def migrate_as_upstream(doc):
    import ceph_iscsi_config.settings as settings
    settings.init()
    from ceph_iscsi_config.common import Config
    import logging
    text = json.dumps(doc)
    cluster = mock.Mock(error=False, error_msg='')
    with mock.patch('ceph_iscsi_config.common.CephCluster', return_value=cluster), \
            mock.patch.object(Config, 'init_config', return_value=True), \
            mock.patch.object(Config, '_read_config_object', return_value=text), \
            mock.patch.object(Config, 'commit'), \
            mock.patch('ceph_iscsi_config.common.get_time', return_value=NOW), \
            mock.patch('ceph_iscsi_config.common.encryption_available', return_value=False), \
            mock.patch.object(socket, 'gethostname', return_value='node1'), \
            mock.patch.object(socket, 'getfqdn', return_value='node1.example.com'):
        config = Config(logging.getLogger('fixtures'))
        return config.config


def write(name, doc):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write(dumps(doc))


def main():
    docs = {1: v1(), 2: v2(), 3: v3()}
    for version in range(4, 12):
        docs[version] = upgraded_to(version)
    for version, doc in docs.items():
        write('v%d.json' % version, doc)
        write(os.path.join('migrated', 'v%d.json' % version), migrate_as_upstream(copy.deepcopy(doc)))
    write('v11-unknown-fields.json', with_unknown_fields(docs[11]))
    seed = copy.deepcopy(__import__('ceph_iscsi_config.common', fromlist=['Config']).Config.seed_config)
    seed['created'] = NOW
    write('seed.json', seed)


if __name__ == '__main__':
    main()
