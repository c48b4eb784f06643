#!/usr/bin/python3
"""Seeds a fresh Tryton database with a small sales pipeline for the Deal Hygiene end-to-end tests.

Runs with proteus straight on trytond (no server): SQLite has one writer, so the server must be stopped.
Usage: /usr/bin/python3 seed.py --config <trytond.conf> --database <name> [--today YYYY-MM-DD] [--german-user LOGIN]
Passwords are read from files: the admin's from TRYTON_ADMIN_PASSFILE (set here, so that an initialised database
can be reused by another run), the German user's from TRYTON_SEED_PASSFILE.

Every date is relative to --today (default: the machine's today), so "close date 12 days ago" stays true whatever
day the tests run. Prints one JSON line: the ids of the seeded opportunities by role, for the tests to open.
"""
import argparse
import datetime
import json
import os
import sys
from decimal import Decimal

from proteus import Model, Wizard, config as proteus_config

# Opportunities by role. `state` is reached through Tryton's own buttons (lead → opportunity → converted, lost,
# cancelled) and, for "won", by quoting and confirming the sale the conversion creates, as a sales rep would.
# Offsets are days from today; amount None leaves the field blank.
PIPELINE = [
    dict(role='fresh', party='Globex Corporation', description='Globex – 120 seats',
         reference='GLX-2291', amount=Decimal('46000'), probability=0.6, start=-20, end=25, state='opportunity',
         comment='Demo with the IT team went well; proposal sent.'),
    dict(role='past_close', party='Initech', description='Initech – support renewal',
         reference='INI-0457', amount=Decimal('18500'), probability=0.7, start=-95, end=-12, state='opportunity'),
    dict(role='no_amount', party='Umbrella Corporation', description='Umbrella – pilot',
         reference=None, amount=None, probability=0.3, start=-9, end=40, state='opportunity'),
    dict(role='lead', party='Hooli', description='Hooli – inbound enquiry',
         reference=None, amount=Decimal('12000'), probability=0.1, start=-3, end=60, state='lead'),
    dict(role='no_close_date', party='Soylent', description='Soylent – expansion',
         reference='SOY-118', amount=Decimal('27500'), probability=0.5, start=-30, end=None, state='opportunity'),
    dict(role='converted', party='Stark Industries', description='Stark – platform licences',
         reference='STK-9001', amount=Decimal('90000'), probability=0.8, start=-70, end=10, state='converted',
         lines=[('Seat licence', 100)]),
    dict(role='won', party='Wayne Enterprises', description='Wayne – 30 seats',
         reference='WAY-3030', amount=Decimal('15000'), probability=0.9, start=-60, end=5, state='won',
         lines=[('Seat licence', 30)]),
    dict(role='lost', party='Vandelay Industries', description='Vandelay – import module',
         reference=None, amount=Decimal('8000'), probability=0.4, start=-50, end=20, state='lost'),
    # Typed in from a phone call: no customer, title, amount, close date or salesperson yet.
    dict(role='bare_lead', party=None, description=None, reference=None, amount=None, probability=0.1,
         start=-2, end=None, state='lead', employee=False),
    dict(role='cancelled', party='Acme Corporation', description='Acme – duplicate enquiry',
         reference=None, amount=None, probability=0.2, start=-15, end=30, state='cancelled'),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--database', required=True)
    parser.add_argument('--today', type=datetime.date.fromisoformat, default=datetime.date.today())
    parser.add_argument('--german-user', default=None, help='also create this user, with German as language')
    return parser.parse_args()


def read_secret(variable):
    """A password from the file an environment variable names (never on the command line, where ps shows it)."""
    with open(os.environ[variable], encoding='utf-8') as passfile:
        return passfile.read().strip()


def create_currency():
    Currency = Model.get('currency.currency')
    CurrencyRate = Model.get('currency.currency.rate')
    found = Currency.find([('code', '=', 'EUR')])
    if found:
        return found[0]
    currency = Currency(name='Euro', symbol='€', code='EUR', rounding=Decimal('0.01'))
    currency.save()
    CurrencyRate(date=datetime.date(2000, 1, 1), rate=Decimal('1'), currency=currency).save()
    return currency


def create_company(currency):
    """Through the company setup wizard, as a new installation does: it also gives the admin user the company."""
    Party = Model.get('party.party')
    User = Model.get('res.user')
    wizard = Wizard('company.company.config')
    wizard.execute('company')
    party = Party(name='Northwind Traders')
    party.save()
    wizard.form.party = party
    wizard.form.currency = currency
    wizard.execute('add')
    # The wizard ends with "reload context": proteus must pick up the new company too.
    proteus_config.get_config()._context = User.get_preferences(True, {})
    Company = Model.get('company.company')
    company, = Company.find()
    return company


def create_employee(company, name):
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    party = Party(name=name)
    party.save()
    employee = Employee(party=party, company=company)
    employee.save()
    return employee


def create_chart(company):
    """A minimal chart of accounts: converting an opportunity creates a sale, whose product needs a revenue account."""
    AccountTemplate = Model.get('account.account.template')
    Account = Model.get('account.account')
    ModelData = Model.get('ir.model.data')
    data, = ModelData.find([('module', '=', 'account'), ('fs_id', '=', 'account_template_root_en')], limit=1)
    wizard = Wizard('account.create_chart')
    wizard.execute('account')
    wizard.form.account_template = AccountTemplate(data.db_id)
    wizard.form.company = company
    wizard.execute('create_account')
    accounts = {}
    for kind in ('receivable', 'payable', 'revenue'):
        accounts[kind], = Account.find([('type.%s' % kind, '=', True), ('company', '=', company.id)], limit=1)
    if accounts['receivable'].party_required:
        wizard.form.account_receivable = accounts['receivable']
    if accounts['payable'].party_required:
        wizard.form.account_payable = accounts['payable']
    wizard.execute('create_properties')
    return accounts


def create_products(accounts):
    Category = Model.get('product.category')
    Uom = Model.get('product.uom')
    Template = Model.get('product.template')
    category = Category(name='Software', accounting=True)
    category.account_revenue = accounts['revenue']
    category.save()
    unit, = Uom.find([('name', '=', 'Unit')])
    template = Template(name='Seat licence', type='service', salable=True, list_price=Decimal('500'),
                        default_uom=unit, account_category=category)
    template.save()
    product, = template.products
    return {'Seat licence': product}


def create_opportunity(spec, today, employee, parties, products):
    Opportunity = Model.get('sale.opportunity')
    day = lambda offset: None if offset is None else today + datetime.timedelta(days=offset)
    party = parties.get(spec['party'])
    opportunity = Opportunity()
    opportunity.description = spec['description']
    opportunity.reference = spec['reference']
    opportunity.party = party
    opportunity.address = party.addresses[0] if party and party.addresses else None
    opportunity.employee = employee if spec.get('employee', True) else None
    opportunity.start_date = day(spec['start'])
    opportunity.end_date = day(spec['end'])
    opportunity.amount = spec['amount']
    opportunity.conversion_probability = spec['probability']
    if spec.get('comment'):
        opportunity.comment = spec['comment']
    for name, quantity in spec.get('lines', []):
        line = opportunity.lines.new()
        line.product = products[name]
        line.quantity = quantity
    opportunity.save()
    state = spec['state']
    if state == 'lead':
        return opportunity
    if state == 'cancelled':
        opportunity.click('cancel')
        return opportunity
    opportunity.click('opportunity')
    if state == 'lost':
        opportunity.click('lost')
    elif state in ('converted', 'won'):
        opportunity.click('convert')
        if state == 'won':
            win(opportunity)
    opportunity.reload()
    return opportunity


def win(opportunity):
    """Quotes and confirms the sale the conversion created: Tryton then marks the opportunity won (end date today,
    amount rewritten to the sale's untaxed amount)."""
    Sale = Model.get('sale.sale')
    sale, = Sale.find([('origin', '=', 'sale.opportunity,%s' % opportunity.id)])
    # Manual invoicing and shipping: no fiscal year or warehouse flow is needed to confirm.
    sale.invoice_method = 'manual'
    sale.shipment_method = 'manual'
    sale.save()
    sale.click('quote')
    sale.click('confirm')


def create_german_user(login, password, company, employee):
    User = Model.get('res.user')
    Lang = Model.get('ir.lang')
    admin, = User.find([('login', '=', 'admin')])
    german, = Lang.find([('code', '=', 'de')])
    user = User(name='Jonas Becker', login=login, language=german)
    user.password = password
    Group = Model.get('res.group')
    user.groups.extend(Group.find([('id', 'in', [group.id for group in admin.groups])]))
    user.companies.append(company)
    user.company = company
    user.employees.append(employee)
    user.employee = employee
    user.save()


def main():
    args = parse_args()
    proteus_config.set_trytond(database=args.database, config_file=args.config)
    User = Model.get('res.user')
    Party = Model.get('party.party')

    currency = create_currency()
    company = create_company(currency)

    employee = create_employee(company, 'Jane Doe')
    admin, = User.find([('login', '=', 'admin')])
    admin.name = 'Jane Doe'
    admin.password = read_secret('TRYTON_ADMIN_PASSFILE')
    admin.employees.append(employee)
    admin.employee = employee
    admin.save()
    proteus_config.get_config()._context = User.get_preferences(True, {})

    accounts = create_chart(company)
    products = create_products(accounts)

    parties = {}
    for spec in PIPELINE:
        if spec['party'] and spec['party'] not in parties:
            party = Party(name=spec['party'])
            party.save()
            parties[spec['party']] = party

    ids = {}
    for spec in PIPELINE:
        opportunity = create_opportunity(spec, args.today, employee, parties, products)
        if opportunity.state != spec['state']:
            sys.exit('seed: %s ended in state %s, not %s' % (spec['role'], opportunity.state, spec['state']))
        ids[spec['role']] = opportunity.id

    if args.german_user:
        password = read_secret('TRYTON_SEED_PASSFILE')
        german_employee = create_employee(company, 'Jonas Becker')
        create_german_user(args.german_user, password, company, german_employee)

    # A new database opens the "Module Configuration" wizard at first login: the setup above did its work.
    ConfigItem = Model.get('ir.module.config_wizard.item')
    for item in ConfigItem.find([('state', '=', 'open')]):
        item.state = 'done'
        item.save()

    print(json.dumps({'opportunities': ids, 'today': args.today.isoformat()}))


if __name__ == '__main__':
    main()
