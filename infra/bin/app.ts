#!/usr/bin/env node
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../app.ts';

const { app } = buildApp();
// `cdk synth` fails on an unacknowledged AwsSolutions finding, as the infra tests do.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
