// aminueza/minio 3.3.0 docs/resources/ilm_tier
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface IlmTierConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#bucket IlmTier#bucket}
  */
  readonly bucket: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#endpoint IlmTier#endpoint}
  */
  readonly endpoint?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#force_new_credentials IlmTier#force_new_credentials}
  */
  readonly forceNewCredentials?: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#id IlmTier#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#name IlmTier#name}
  */
  readonly name: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#prefix IlmTier#prefix}
  */
  readonly prefix?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#region IlmTier#region}
  */
  readonly region?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#type IlmTier#type}
  */
  readonly type: string;
  /**
  * azure_config block
  *
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#azure_config IlmTier#azure_config}
  */
  readonly azureConfig?: IlmTierAzureConfig;
  /**
  * gcs_config block
  *
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#gcs_config IlmTier#gcs_config}
  */
  readonly gcsConfig?: IlmTierGcsConfig;
  /**
  * minio_config block
  *
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#minio_config IlmTier#minio_config}
  */
  readonly minioConfig?: IlmTierMinioConfig;
  /**
  * s3_config block
  *
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#s3_config IlmTier#s3_config}
  */
  readonly s3Config?: IlmTierS3Config;
}
export interface IlmTierAzureConfig {
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#account_key IlmTier#account_key}
  */
  readonly accountKey?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#account_name IlmTier#account_name}
  */
  readonly accountName?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#storage_class IlmTier#storage_class}
  */
  readonly storageClass?: string;
}

export function ilmTierAzureConfigToTerraform(struct?: IlmTierAzureConfigOutputReference | IlmTierAzureConfig): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    account_key: cdktf.stringToTerraform(struct!.accountKey),
    account_name: cdktf.stringToTerraform(struct!.accountName),
    storage_class: cdktf.stringToTerraform(struct!.storageClass),
  }
}


export function ilmTierAzureConfigToHclTerraform(struct?: IlmTierAzureConfigOutputReference | IlmTierAzureConfig): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    account_key: {
      value: cdktf.stringToHclTerraform(struct!.accountKey),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    account_name: {
      value: cdktf.stringToHclTerraform(struct!.accountName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    storage_class: {
      value: cdktf.stringToHclTerraform(struct!.storageClass),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IlmTierAzureConfigOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): IlmTierAzureConfig | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._accountKey !== undefined) {
      hasAnyValues = true;
      internalValueResult.accountKey = this._accountKey;
    }
    if (this._accountName !== undefined) {
      hasAnyValues = true;
      internalValueResult.accountName = this._accountName;
    }
    if (this._storageClass !== undefined) {
      hasAnyValues = true;
      internalValueResult.storageClass = this._storageClass;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IlmTierAzureConfig | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._accountKey = undefined;
      this._accountName = undefined;
      this._storageClass = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._accountKey = value.accountKey;
      this._accountName = value.accountName;
      this._storageClass = value.storageClass;
    }
  }

  // account_key - computed: false, optional: true, required: false
  private _accountKey?: string; 
  public get accountKey() {
    return this.getStringAttribute('account_key');
  }
  public set accountKey(value: string) {
    this._accountKey = value;
  }
  public resetAccountKey() {
    this._accountKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accountKeyInput() {
    return this._accountKey;
  }

  // account_name - computed: false, optional: true, required: false
  private _accountName?: string; 
  public get accountName() {
    return this.getStringAttribute('account_name');
  }
  public set accountName(value: string) {
    this._accountName = value;
  }
  public resetAccountName() {
    this._accountName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accountNameInput() {
    return this._accountName;
  }

  // storage_class - computed: false, optional: true, required: false
  private _storageClass?: string; 
  public get storageClass() {
    return this.getStringAttribute('storage_class');
  }
  public set storageClass(value: string) {
    this._storageClass = value;
  }
  public resetStorageClass() {
    this._storageClass = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get storageClassInput() {
    return this._storageClass;
  }
}
export interface IlmTierGcsConfig {
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#credentials IlmTier#credentials}
  */
  readonly credentials?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#storage_class IlmTier#storage_class}
  */
  readonly storageClass?: string;
}

export function ilmTierGcsConfigToTerraform(struct?: IlmTierGcsConfigOutputReference | IlmTierGcsConfig): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    credentials: cdktf.stringToTerraform(struct!.credentials),
    storage_class: cdktf.stringToTerraform(struct!.storageClass),
  }
}


export function ilmTierGcsConfigToHclTerraform(struct?: IlmTierGcsConfigOutputReference | IlmTierGcsConfig): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    credentials: {
      value: cdktf.stringToHclTerraform(struct!.credentials),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    storage_class: {
      value: cdktf.stringToHclTerraform(struct!.storageClass),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IlmTierGcsConfigOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): IlmTierGcsConfig | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._credentials !== undefined) {
      hasAnyValues = true;
      internalValueResult.credentials = this._credentials;
    }
    if (this._storageClass !== undefined) {
      hasAnyValues = true;
      internalValueResult.storageClass = this._storageClass;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IlmTierGcsConfig | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._credentials = undefined;
      this._storageClass = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._credentials = value.credentials;
      this._storageClass = value.storageClass;
    }
  }

  // credentials - computed: false, optional: true, required: false
  private _credentials?: string; 
  public get credentials() {
    return this.getStringAttribute('credentials');
  }
  public set credentials(value: string) {
    this._credentials = value;
  }
  public resetCredentials() {
    this._credentials = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialsInput() {
    return this._credentials;
  }

  // storage_class - computed: false, optional: true, required: false
  private _storageClass?: string; 
  public get storageClass() {
    return this.getStringAttribute('storage_class');
  }
  public set storageClass(value: string) {
    this._storageClass = value;
  }
  public resetStorageClass() {
    this._storageClass = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get storageClassInput() {
    return this._storageClass;
  }
}
export interface IlmTierMinioConfig {
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#access_key IlmTier#access_key}
  */
  readonly accessKey?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#secret_key IlmTier#secret_key}
  */
  readonly secretKey?: string;
}

export function ilmTierMinioConfigToTerraform(struct?: IlmTierMinioConfigOutputReference | IlmTierMinioConfig): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    access_key: cdktf.stringToTerraform(struct!.accessKey),
    secret_key: cdktf.stringToTerraform(struct!.secretKey),
  }
}


export function ilmTierMinioConfigToHclTerraform(struct?: IlmTierMinioConfigOutputReference | IlmTierMinioConfig): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    access_key: {
      value: cdktf.stringToHclTerraform(struct!.accessKey),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    secret_key: {
      value: cdktf.stringToHclTerraform(struct!.secretKey),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IlmTierMinioConfigOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): IlmTierMinioConfig | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._accessKey !== undefined) {
      hasAnyValues = true;
      internalValueResult.accessKey = this._accessKey;
    }
    if (this._secretKey !== undefined) {
      hasAnyValues = true;
      internalValueResult.secretKey = this._secretKey;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IlmTierMinioConfig | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._accessKey = undefined;
      this._secretKey = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._accessKey = value.accessKey;
      this._secretKey = value.secretKey;
    }
  }

  // access_key - computed: false, optional: true, required: false
  private _accessKey?: string; 
  public get accessKey() {
    return this.getStringAttribute('access_key');
  }
  public set accessKey(value: string) {
    this._accessKey = value;
  }
  public resetAccessKey() {
    this._accessKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accessKeyInput() {
    return this._accessKey;
  }

  // secret_key - computed: false, optional: true, required: false
  private _secretKey?: string; 
  public get secretKey() {
    return this.getStringAttribute('secret_key');
  }
  public set secretKey(value: string) {
    this._secretKey = value;
  }
  public resetSecretKey() {
    this._secretKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get secretKeyInput() {
    return this._secretKey;
  }
}
export interface IlmTierS3Config {
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#access_key IlmTier#access_key}
  */
  readonly accessKey?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#secret_key IlmTier#secret_key}
  */
  readonly secretKey?: string;
  /**
  * Docs at Terraform Registry: {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#storage_class IlmTier#storage_class}
  */
  readonly storageClass?: string;
}

export function ilmTierS3ConfigToTerraform(struct?: IlmTierS3ConfigOutputReference | IlmTierS3Config): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    access_key: cdktf.stringToTerraform(struct!.accessKey),
    secret_key: cdktf.stringToTerraform(struct!.secretKey),
    storage_class: cdktf.stringToTerraform(struct!.storageClass),
  }
}


export function ilmTierS3ConfigToHclTerraform(struct?: IlmTierS3ConfigOutputReference | IlmTierS3Config): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    access_key: {
      value: cdktf.stringToHclTerraform(struct!.accessKey),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    secret_key: {
      value: cdktf.stringToHclTerraform(struct!.secretKey),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    storage_class: {
      value: cdktf.stringToHclTerraform(struct!.storageClass),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class IlmTierS3ConfigOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): IlmTierS3Config | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._accessKey !== undefined) {
      hasAnyValues = true;
      internalValueResult.accessKey = this._accessKey;
    }
    if (this._secretKey !== undefined) {
      hasAnyValues = true;
      internalValueResult.secretKey = this._secretKey;
    }
    if (this._storageClass !== undefined) {
      hasAnyValues = true;
      internalValueResult.storageClass = this._storageClass;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: IlmTierS3Config | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._accessKey = undefined;
      this._secretKey = undefined;
      this._storageClass = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._accessKey = value.accessKey;
      this._secretKey = value.secretKey;
      this._storageClass = value.storageClass;
    }
  }

  // access_key - computed: false, optional: true, required: false
  private _accessKey?: string; 
  public get accessKey() {
    return this.getStringAttribute('access_key');
  }
  public set accessKey(value: string) {
    this._accessKey = value;
  }
  public resetAccessKey() {
    this._accessKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accessKeyInput() {
    return this._accessKey;
  }

  // secret_key - computed: false, optional: true, required: false
  private _secretKey?: string; 
  public get secretKey() {
    return this.getStringAttribute('secret_key');
  }
  public set secretKey(value: string) {
    this._secretKey = value;
  }
  public resetSecretKey() {
    this._secretKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get secretKeyInput() {
    return this._secretKey;
  }

  // storage_class - computed: false, optional: true, required: false
  private _storageClass?: string; 
  public get storageClass() {
    return this.getStringAttribute('storage_class');
  }
  public set storageClass(value: string) {
    this._storageClass = value;
  }
  public resetStorageClass() {
    this._storageClass = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get storageClassInput() {
    return this._storageClass;
  }
}

/**
* Represents a {@link aminueza/minio 3.3.0 docs/resources/ilm_tier minio_ilm_tier}
*/
export class IlmTier extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "minio_ilm_tier";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a IlmTier resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the IlmTier to import
  * @param importFromId The id of the existing IlmTier that should be imported. Refer to the {@link aminueza/minio 3.3.0 docs/resources/ilm_tier#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the IlmTier to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "minio_ilm_tier", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link aminueza/minio 3.3.0 docs/resources/ilm_tier minio_ilm_tier} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options IlmTierConfig
  */
  public constructor(scope: Construct, id: string, config: IlmTierConfig) {
    super(scope, id, {
      terraformResourceType: 'minio_ilm_tier',
      terraformGeneratorMetadata: {
        providerName: 'minio',
        providerVersion: '3.3.0',
        providerVersionConstraint: '= 3.3.0'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._bucket = config.bucket;
    this._endpoint = config.endpoint;
    this._forceNewCredentials = config.forceNewCredentials;
    this._id = config.id;
    this._name = config.name;
    this._prefix = config.prefix;
    this._region = config.region;
    this._type = config.type;
    this._azureConfig.internalValue = config.azureConfig;
    this._gcsConfig.internalValue = config.gcsConfig;
    this._minioConfig.internalValue = config.minioConfig;
    this._s3Config.internalValue = config.s3Config;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // bucket - computed: false, optional: false, required: true
  private _bucket?: string; 
  public get bucket() {
    return this.getStringAttribute('bucket');
  }
  public set bucket(value: string) {
    this._bucket = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bucketInput() {
    return this._bucket;
  }

  // endpoint - computed: false, optional: true, required: false
  private _endpoint?: string; 
  public get endpoint() {
    return this.getStringAttribute('endpoint');
  }
  public set endpoint(value: string) {
    this._endpoint = value;
  }
  public resetEndpoint() {
    this._endpoint = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get endpointInput() {
    return this._endpoint;
  }

  // force_new_credentials - computed: false, optional: true, required: false
  private _forceNewCredentials?: boolean | cdktf.IResolvable; 
  public get forceNewCredentials() {
    return this.getBooleanAttribute('force_new_credentials');
  }
  public set forceNewCredentials(value: boolean | cdktf.IResolvable) {
    this._forceNewCredentials = value;
  }
  public resetForceNewCredentials() {
    this._forceNewCredentials = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get forceNewCredentialsInput() {
    return this._forceNewCredentials;
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // prefix - computed: false, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // region - computed: false, optional: true, required: false
  private _region?: string; 
  public get region() {
    return this.getStringAttribute('region');
  }
  public set region(value: string) {
    this._region = value;
  }
  public resetRegion() {
    this._region = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get regionInput() {
    return this._region;
  }

  // type - computed: false, optional: false, required: true
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }

  // azure_config - computed: false, optional: true, required: false
  private _azureConfig = new IlmTierAzureConfigOutputReference(this, "azure_config");
  public get azureConfig() {
    return this._azureConfig;
  }
  public putAzureConfig(value: IlmTierAzureConfig) {
    this._azureConfig.internalValue = value;
  }
  public resetAzureConfig() {
    this._azureConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get azureConfigInput() {
    return this._azureConfig.internalValue;
  }

  // gcs_config - computed: false, optional: true, required: false
  private _gcsConfig = new IlmTierGcsConfigOutputReference(this, "gcs_config");
  public get gcsConfig() {
    return this._gcsConfig;
  }
  public putGcsConfig(value: IlmTierGcsConfig) {
    this._gcsConfig.internalValue = value;
  }
  public resetGcsConfig() {
    this._gcsConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get gcsConfigInput() {
    return this._gcsConfig.internalValue;
  }

  // minio_config - computed: false, optional: true, required: false
  private _minioConfig = new IlmTierMinioConfigOutputReference(this, "minio_config");
  public get minioConfig() {
    return this._minioConfig;
  }
  public putMinioConfig(value: IlmTierMinioConfig) {
    this._minioConfig.internalValue = value;
  }
  public resetMinioConfig() {
    this._minioConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get minioConfigInput() {
    return this._minioConfig.internalValue;
  }

  // s3_config - computed: false, optional: true, required: false
  private _s3Config = new IlmTierS3ConfigOutputReference(this, "s3_config");
  public get s3Config() {
    return this._s3Config;
  }
  public putS3Config(value: IlmTierS3Config) {
    this._s3Config.internalValue = value;
  }
  public resetS3Config() {
    this._s3Config.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get s3ConfigInput() {
    return this._s3Config.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      bucket: cdktf.stringToTerraform(this._bucket),
      endpoint: cdktf.stringToTerraform(this._endpoint),
      force_new_credentials: cdktf.booleanToTerraform(this._forceNewCredentials),
      id: cdktf.stringToTerraform(this._id),
      name: cdktf.stringToTerraform(this._name),
      prefix: cdktf.stringToTerraform(this._prefix),
      region: cdktf.stringToTerraform(this._region),
      type: cdktf.stringToTerraform(this._type),
      azure_config: ilmTierAzureConfigToTerraform(this._azureConfig.internalValue),
      gcs_config: ilmTierGcsConfigToTerraform(this._gcsConfig.internalValue),
      minio_config: ilmTierMinioConfigToTerraform(this._minioConfig.internalValue),
      s3_config: ilmTierS3ConfigToTerraform(this._s3Config.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      bucket: {
        value: cdktf.stringToHclTerraform(this._bucket),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      endpoint: {
        value: cdktf.stringToHclTerraform(this._endpoint),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      force_new_credentials: {
        value: cdktf.booleanToHclTerraform(this._forceNewCredentials),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      prefix: {
        value: cdktf.stringToHclTerraform(this._prefix),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      region: {
        value: cdktf.stringToHclTerraform(this._region),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      type: {
        value: cdktf.stringToHclTerraform(this._type),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      azure_config: {
        value: ilmTierAzureConfigToHclTerraform(this._azureConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "IlmTierAzureConfigList",
      },
      gcs_config: {
        value: ilmTierGcsConfigToHclTerraform(this._gcsConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "IlmTierGcsConfigList",
      },
      minio_config: {
        value: ilmTierMinioConfigToHclTerraform(this._minioConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "IlmTierMinioConfigList",
      },
      s3_config: {
        value: ilmTierS3ConfigToHclTerraform(this._s3Config.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "IlmTierS3ConfigList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
